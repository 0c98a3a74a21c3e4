package io.outboxfleet.workers.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Circuit state and in-flight deliveries per destination, read from the Micrometer registry: the
 * Resilience4j breaker's state gauge and the delivery engine's own in-flight gauges ({@code
 * fleet.destination.inflight} and its AIMD limit {@code fleet.destination.inflight.limit}, tagged
 * with the same destination name). Both are registered on a destination's first use; none before.
 */
@Component
class DestinationMeters {

    /**
     * @param state closed, open, half_open, forced_open, disabled or metrics_only
     * @param open deliveries to it are paused (open or forced_open)
     * @param inFlight deliveries in flight now; null when unknown
     * @param limit most deliveries in flight at once; null when unknown
     */
    record Destination(String name, String state, boolean open, Integer inFlight, Integer limit) {}

    private final MeterRegistry registry;

    DestinationMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    List<Destination> destinations() {
        Map<String, String> states = new TreeMap<>();
        for (Gauge gauge : registry.find("resilience4j.circuitbreaker.state").gauges()) {
            if (gauge.value() >= 1) {
                states.put(gauge.getId().getTag("name"), gauge.getId().getTag("state"));
            }
        }
        Map<String, Integer> inFlight = gauges("fleet.destination.inflight");
        Map<String, Integer> limits = gauges("fleet.destination.inflight.limit");
        List<Destination> destinations = new ArrayList<>();
        states.forEach(
                (name, state) -> {
                    destinations.add(
                            new Destination(
                                    name,
                                    state,
                                    state.contains("open") && !"half_open".equals(state),
                                    inFlight.get(name),
                                    limits.get(name)));
                });
        return destinations;
    }

    private Map<String, Integer> gauges(String name) {
        Map<String, Integer> values = new TreeMap<>();
        for (Gauge gauge : registry.find(name).gauges()) {
            values.put(gauge.getId().getTag("destination"), (int) gauge.value());
        }
        return values;
    }
}
