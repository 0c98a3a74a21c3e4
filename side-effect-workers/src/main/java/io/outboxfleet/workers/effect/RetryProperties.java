package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Retry policy of every effect: exponential backoff with jitter, doubling from
 * {@code initialDelay} up to {@code maxDelay}, then the dead letters.
 *
 * @param maxAttempts  attempts in total, the first one included (FLEET_RETRY_MAX_ATTEMPTS, default 10)
 * @param initialDelay delay before the first retry (FLEET_RETRY_INITIAL_DELAY, default 1s)
 * @param maxDelay     longest delay between two attempts (FLEET_RETRY_MAX_DELAY, default 10m)
 */
@ConfigurationProperties("fleet.retry")
public record RetryProperties(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryProperties {
        if (maxAttempts < 1) {
            throw new Misconfiguration("FLEET_RETRY_MAX_ATTEMPTS", "must be at least 1, got " + maxAttempts);
        }
        if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
            throw new Misconfiguration("FLEET_RETRY_INITIAL_DELAY", "must be a positive duration such as 1s");
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new Misconfiguration("FLEET_RETRY_MAX_DELAY", "must be a duration not shorter than FLEET_RETRY_INITIAL_DELAY");
        }
    }

    /**
     * {@code maxAttempts - 1} retries, delays doubling from {@code initialDelay} to at most
     * {@code maxDelay}, each with jitter of half the initial delay (scaled like the delay); then stop.
     */
    public BackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(initialDelay.toMillis(), 2.0);
        backOff.setMaxInterval(maxDelay.toMillis());
        backOff.setJitter(initialDelay.toMillis() / 2);
        backOff.setMaxAttempts(maxAttempts - 1L);
        return backOff;
    }
}
