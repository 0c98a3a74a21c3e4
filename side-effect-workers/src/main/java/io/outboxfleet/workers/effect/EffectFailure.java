package io.outboxfleet.workers.effect;

import java.time.Duration;
import java.util.Optional;

/**
 * The closed set of ways an effect fails, classified once where the failure is seen. {@link
 * Permanent}: retrying cannot help (4xx other than 408/429, a refused target, a bad payload); goes
 * to the dead letters at once. {@link Retryable}: timeouts, connection errors, 5xx, 408, 429;
 * retried with backoff, no sooner than the destination's {@code Retry-After}. Any other exception
 * counts as retryable.
 */
public abstract sealed class EffectFailure extends RuntimeException {

    private final Integer statusCode;

    EffectFailure(String message, Throwable cause, Integer statusCode) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    public static EffectFailure permanent(String message) {
        return new Permanent(message, null);
    }

    public static EffectFailure retryable(String message, Throwable cause) {
        return new Retryable(message, cause, null, null, false);
    }

    /**
     * The destination did not answer in time: retryable, and a sign of overload (its in-flight
     * limit is halved).
     */
    public static EffectFailure timedOut(String message, Throwable cause) {
        return new Retryable(message, cause, null, null, true);
    }

    /**
     * Classifies an HTTP answer that is not 2xx.
     *
     * @param retryAfter the answer's {@code Retry-After}, or null
     * @param detail a short excerpt of the answer's body, or null
     */
    public static EffectFailure forHttpStatus(
            String destination, int status, Duration retryAfter, String detail) {
        String message =
                destination
                        + " answered HTTP "
                        + status
                        + (detail == null || detail.isBlank() ? "" : ": " + detail);
        boolean retryable = status >= 500 || status == 408 || status == 429;
        return retryable
                ? new Retryable(message, null, status, retryAfter, status == 429 || status == 503)
                : new Permanent(message, status);
    }

    /** The HTTP status of the failed answer, when there was one. */
    public Optional<Integer> statusCode() {
        return Optional.ofNullable(statusCode);
    }

    public static final class Permanent extends EffectFailure {
        Permanent(String message, Integer statusCode) {
            super(message, null, statusCode);
        }
    }

    public static final class Retryable extends EffectFailure {
        private final Duration retryAfter;
        private final boolean overload;

        Retryable(
                String message,
                Throwable cause,
                Integer statusCode,
                Duration retryAfter,
                boolean overload) {
            super(message, cause, statusCode);
            this.retryAfter = retryAfter;
            this.overload = overload;
        }

        /**
         * The destination is overloaded (429, 503, a timeout): fewer calls in flight to it until it
         * recovers.
         */
        public boolean overload() {
            return overload;
        }

        /** The destination asked not to be called again before this delay. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }
}
