package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.startup.Misconfiguration;
import io.outboxfleet.workers.effect.EffectFailure;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry policy of every effect, in one line: {@code maxAttempts} attempts, exponential backoff from
 * {@code initialDelay} doubling up to {@code maxDelay} with full jitter, no sooner than the
 * destination's {@code Retry-After}, then the dead letters.
 *
 * @param maxAttempts attempts in total, the first one included (FLEET_RETRY_MAX_ATTEMPTS, default
 *     10)
 * @param initialDelay upper bound of the delay before the first retry (FLEET_RETRY_INITIAL_DELAY,
 *     default 1s)
 * @param maxDelay upper bound of the backoff between two attempts (FLEET_RETRY_MAX_DELAY, default
 *     10m)
 * @param maxRetryAfter upper bound of a destination's {@code Retry-After} that is honoured, even
 *     beyond {@code maxDelay} (FLEET_RETRY_MAX_RETRY_AFTER, default 1h)
 */
@ConfigurationProperties("fleet.retry")
public record RetryProperties(
        int maxAttempts,
        Duration initialDelay,
        Duration maxDelay,
        @DefaultValue("1h") Duration maxRetryAfter) {

    public RetryProperties {
        if (maxAttempts < 1) {
            throw new Misconfiguration(
                    "FLEET_RETRY_MAX_ATTEMPTS", "must be at least 1, got " + maxAttempts);
        }
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new Misconfiguration(
                    "FLEET_RETRY_INITIAL_DELAY", "must be a positive duration such as 1s");
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new Misconfiguration(
                    "FLEET_RETRY_MAX_DELAY",
                    "must be a duration not shorter than FLEET_RETRY_INITIAL_DELAY");
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new Misconfiguration("FLEET_RETRY_MAX_RETRY_AFTER", "must be a duration");
        }
    }

    /**
     * Whether a failed attempt number {@code attempt} (1-based) of a budget of {@code limit} is the
     * last.
     */
    public boolean exhausted(int attempt, int limit) {
        return attempt >= limit;
    }

    /**
     * The delay before the retry that follows failed attempt {@code attempt} (1-based): "full
     * jitter", uniformly random in [0, min(maxDelay, initialDelay * 2^(attempt-1))], so retries of
     * many events against one destination spread out instead of arriving in waves.
     */
    public Duration backoff(int attempt) {
        return Duration.ofMillis(
                ThreadLocalRandom.current().nextLong(ceiling(attempt).toMillis() + 1));
    }

    /**
     * {@link #backoff}, but never sooner than the destination's Retry-After (honoured up to
     * maxRetryAfter, even beyond maxDelay).
     */
    public Duration delayAfter(int attempt, EffectFailure failure) {
        Duration delay = backoff(attempt);
        if (failure instanceof EffectFailure.Retryable retryable
                && retryable.retryAfter().isPresent()) {
            Duration asked = retryable.retryAfter().get();
            Duration honoured = asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
            return honoured.compareTo(delay) > 0 ? honoured : delay;
        }
        return delay;
    }

    /** Upper bound of the jittered delay after failed attempt {@code attempt}. */
    Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 40);
        double millis = initialDelay.toMillis() * Math.pow(2, doublings);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
