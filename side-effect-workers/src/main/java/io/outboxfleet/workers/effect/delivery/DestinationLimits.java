package io.outboxfleet.workers.effect.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How many calls may be in flight to each destination (a webhook endpoint, the CRM, the SMTP
 * server): starts at {@code fleet.delivery.per-destination}, halves when the destination shows
 * overload (429, 503, a timeout; at most once per {@link #DECREASE_SPACING_NANOS} so one burst of
 * failures counts once) and grows by one per success back to that maximum (additive increase,
 * multiplicative decrease). Gauges {@code fleet_destination_inflight_limit{destination}} and {@code
 * fleet_destination_inflight{destination}}. Used by the delivery thread only, except {@link
 * #completed}, hence the synchronisation.
 */
@Component
class DestinationLimits {

    static final long DECREASE_SPACING_NANOS = 1_000_000_000L;

    private final int max;
    private final MeterRegistry meters;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();

    DestinationLimits(DeliveryProperties properties, MeterRegistry meters) {
        this.max = properties.perDestination();
        this.meters = meters;
    }

    private static final class Limit {
        int limit;
        int inFlight;
        long lastDecrease = System.nanoTime() - DECREASE_SPACING_NANOS;

        Limit(int limit) {
            this.limit = limit;
        }
    }

    /** Takes a slot if one is free. */
    boolean tryAcquire(String destination) {
        Limit l = limit(destination);
        synchronized (l) {
            if (l.inFlight >= l.limit) {
                return false;
            }
            l.inFlight++;
            return true;
        }
    }

    /** Free slots now (0 when saturated). */
    int free(String destination) {
        Limit l = limit(destination);
        synchronized (l) {
            return Math.max(0, l.limit - l.inFlight);
        }
    }

    /** The call ended: frees its slot and adapts the limit. */
    void completed(String destination, boolean success, boolean overload) {
        Limit l = limit(destination);
        synchronized (l) {
            l.inFlight--;
            if (overload) {
                long now = System.nanoTime();
                if (now - l.lastDecrease >= DECREASE_SPACING_NANOS) {
                    l.limit = Math.max(1, l.limit / 2);
                    l.lastDecrease = now;
                }
            } else if (success && l.limit < max) {
                l.limit++;
            }
        }
    }

    int limitOf(String destination) {
        Limit l = limit(destination);
        synchronized (l) {
            return l.limit;
        }
    }

    private Limit limit(String destination) {
        Limit existing = limits.get(destination);
        if (existing != null) {
            return existing;
        }
        return limits.computeIfAbsent(
                destination,
                d -> {
                    Limit created = new Limit(max);
                    Gauge.builder(
                                    "fleet.destination.inflight.limit",
                                    created,
                                    c -> {
                                        synchronized (c) {
                                            return c.limit;
                                        }
                                    })
                            .description("Calls allowed in flight to the destination now (AIMD)")
                            .tag("destination", d)
                            .register(meters);
                    Gauge.builder(
                                    "fleet.destination.inflight",
                                    created,
                                    c -> {
                                        synchronized (c) {
                                            return c.inFlight;
                                        }
                                    })
                            .description("Calls in flight to the destination now")
                            .tag("destination", d)
                            .register(meters);
                    return created;
                });
    }
}
