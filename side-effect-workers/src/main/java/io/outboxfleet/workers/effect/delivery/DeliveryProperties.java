package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How queued effects are delivered.
 *
 * @param maxInFlight deliveries this process holds at once, in flight or about to be (default
 *     1024); calls wait asynchronously, so this is not a thread count
 * @param perDestination most calls in flight at once to one destination (a webhook endpoint, the
 *     CRM, the SMTP server); the adaptive limit starts here, halves on overload and grows back
 *     (default 48: a destination answering in 200 ms can take 240/s)
 * @param batchSize most deliveries claimed in one query (default 256)
 * @param pollInterval longest idle wait before looking for due retries or work queued by another
 *     process (default 1s; work taken in by this process wakes delivery at once)
 * @param lease how long a claim stays reserved to this process without being renewed; renewed every
 *     third of it while held, so a process that dies leaves its claims to another within about this
 *     long (default 5s)
 * @param restartGrace after a Postgres restart, how long before leases that ran out during it are
 *     taken over by another process, so a live holder first writes what it did (default 10s)
 * @param attemptTimeout longest an attempt may take, whatever the destination's own timeouts
 *     (default 2m)
 * @param shutdownGrace on shutdown, how long in-flight deliveries may finish; claims not started
 *     are handed back at once (default 20s)
 * @param onOutcomeUnknown per effect label, what happens to a delivery whose holder stopped during
 *     the attempt (it may or may not have been done): {@code repeat} (default; same idempotency
 *     key) or {@code park} (a dead letter "outcome unknown", for an operator to decide)
 */
@ConfigurationProperties("fleet.delivery")
public record DeliveryProperties(
        @DefaultValue("1024") int maxInFlight,
        @DefaultValue("48") int perDestination,
        @DefaultValue("256") int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration lease,
        @DefaultValue("10s") Duration restartGrace,
        @DefaultValue("2m") Duration attemptTimeout,
        @DefaultValue("20s") Duration shutdownGrace,
        Map<String, OutcomeUnknown> onOutcomeUnknown) {

    /** What to do with a delivery whose outcome is unknown after its holder stopped. */
    public enum OutcomeUnknown {
        REPEAT,
        PARK
    }

    public DeliveryProperties {
        if (maxInFlight < 1) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_MAX_IN_FLIGHT", "must be at least 1, got " + maxInFlight);
        }
        if (perDestination < 1) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_PER_DESTINATION", "must be at least 1, got " + perDestination);
        }
        if (batchSize < 1) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_BATCH_SIZE", "must be at least 1, got " + batchSize);
        }
        positive(pollInterval, "FLEET_DELIVERY_POLL_INTERVAL");
        positive(lease, "FLEET_DELIVERY_LEASE");
        positive(attemptTimeout, "FLEET_DELIVERY_ATTEMPT_TIMEOUT");
        if (restartGrace == null || restartGrace.isNegative()) {
            throw new Misconfiguration("FLEET_DELIVERY_RESTART_GRACE", "must be a duration");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new Misconfiguration("FLEET_DELIVERY_SHUTDOWN_GRACE", "must be a duration");
        }
        onOutcomeUnknown = onOutcomeUnknown == null ? Map.of() : Map.copyOf(onOutcomeUnknown);
    }

    /** The policy of this effect. */
    public OutcomeUnknown onOutcomeUnknown(String effect) {
        return onOutcomeUnknown.getOrDefault(
                effect.toLowerCase(Locale.ROOT), OutcomeUnknown.REPEAT);
    }

    private static void positive(Duration value, String variable) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new Misconfiguration(variable, "must be a positive duration");
        }
    }
}
