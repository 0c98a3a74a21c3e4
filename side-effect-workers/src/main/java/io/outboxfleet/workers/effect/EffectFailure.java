package io.outboxfleet.workers.effect;

/**
 * The closed set of ways an effect fails. {@link Permanent}: retrying cannot help (4xx other than
 * 408/429, a refused target); goes to the dead letters at once. {@link Retryable}: timeouts,
 * connection errors, 5xx, 408, 429; retried with backoff. Any other exception counts as retryable.
 */
public abstract sealed class EffectFailure extends RuntimeException {

    EffectFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public static EffectFailure permanent(String message) {
        return new Permanent(message, null);
    }

    public static EffectFailure retryable(String message, Throwable cause) {
        return new Retryable(message, cause);
    }

    /** Classifies an HTTP answer that is not 2xx. */
    public static EffectFailure forHttpStatus(String destination, int status) {
        String message = destination + " answered HTTP " + status;
        boolean retryable = status >= 500 || status == 408 || status == 429;
        return retryable ? new Retryable(message, null) : new Permanent(message, null);
    }

    public static final class Permanent extends EffectFailure {
        Permanent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static final class Retryable extends EffectFailure {
        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
