package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How queued effects are delivered.
 *
 * @param threads deliveries in flight at once in this process (default 8)
 * @param perDestination bulkhead: deliveries in flight at once to one destination, so a slow one
 *     occupies at most this many threads (default 4)
 * @param pollInterval longest idle wait before looking for due retries (default 500ms; new work
 *     from Kafka wakes the dispatcher at once)
 * @param lease how long a claimed delivery stays reserved to this process; a process that dies
 *     mid-delivery leaves it to another after this (default 2m, above the longest destination
 *     timeout)
 * @param shutdownGrace on shutdown, how long in-flight deliveries may finish; the rest are
 *     abandoned (rolled back, retried after their lease) (default 20s)
 */
@ConfigurationProperties("fleet.delivery")
public record DeliveryProperties(
        int threads,
        int perDestination,
        Duration pollInterval,
        Duration lease,
        Duration shutdownGrace) {

    public DeliveryProperties {
        if (threads < 1) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_THREADS", "must be at least 1, got " + threads);
        }
        if (perDestination < 1) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_PER_DESTINATION", "must be at least 1, got " + perDestination);
        }
        if (pollInterval == null || (pollInterval.isNegative() || pollInterval.isZero())) {
            throw new Misconfiguration(
                    "FLEET_DELIVERY_POLL_INTERVAL", "must be a positive duration");
        }
        if (lease == null || (lease.isNegative() || lease.isZero())) {
            throw new Misconfiguration("FLEET_DELIVERY_LEASE", "must be a positive duration");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new Misconfiguration("FLEET_DELIVERY_SHUTDOWN_GRACE", "must be a duration");
        }
    }
}
