package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DestinationMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void showsTheDeliveryEnginesInFlightCountAndLimitBesideTheCircuitState() {
        breaker("webhook:42", "closed");
        destination("webhook:42", 7, 48);
        breaker("smtp", "open");
        destination("smtp", 0, 24);

        assertThat(new DestinationMeters(registry).destinations())
                .containsExactly(
                        new DestinationMeters.Destination("smtp", "open", true, 0, 24),
                        new DestinationMeters.Destination("webhook:42", "closed", false, 7, 48));
    }

    @Test
    void aDestinationNotYetCalledShowsUnknownCounts() {
        breaker("crm", "half_open");

        assertThat(new DestinationMeters(registry).destinations())
                .containsExactly(
                        new DestinationMeters.Destination("crm", "half_open", false, null, null));
    }

    /** What Resilience4j's tagged metrics register: one gauge per state, 1 for the current one. */
    private void breaker(String name, String current) {
        for (String state : new String[] {"closed", "open", "half_open"}) {
            double value = state.equals(current) ? 1 : 0;
            Gauge.builder("resilience4j.circuitbreaker.state", () -> value)
                    .tag("name", name)
                    .tag("state", state)
                    .register(registry);
        }
    }

    /** What the delivery engine's DestinationLimits registers for a destination. */
    private void destination(String name, int inFlight, int limit) {
        Gauge.builder("fleet.destination.inflight", () -> inFlight)
                .tag("destination", name)
                .register(registry);
        Gauge.builder("fleet.destination.inflight.limit", () -> limit)
                .tag("destination", name)
                .register(registry);
    }
}
