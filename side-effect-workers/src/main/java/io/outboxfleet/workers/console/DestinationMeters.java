package io.outboxfleet.workers.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Circuit state and in-flight deliveries per destination, read from the Resilience4j gauges in the
 * Micrometer registry (the delivery engine registers them on a destination's first use; none before
 * that).
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
        Map<String, Integer> available = gauges("resilience4j.bulkhead.available.concurrent.calls");
        Map<String, Integer> max = gauges("resilience4j.bulkhead.max.allowed.concurrent.calls");
        List<Destination> destinations = new ArrayList<>();
        states.forEach(
                (name, state) -> {
                    Integer limit = max.get(name);
                    Integer free = available.get(name);
                    destinations.add(
                            new Destination(
                                    name,
                                    state,
                                    state.contains("open") && !"half_open".equals(state),
                                    limit == null || free == null ? null : limit - free,
                                    limit));
                });
        return destinations;
    }

    private Map<String, Integer> gauges(String name) {
        Map<String, Integer> values = new TreeMap<>();
        for (Gauge gauge : registry.find(name).gauges()) {
            values.put(gauge.getId().getTag("name"), (int) gauge.value());
        }
        return values;
    }
}
