package io.outboxfleet.relay.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@code fleet_relay_events_total{topic}}: records acknowledged by Kafka; {@code
 * fleet_relay_lag_seconds}: Postgres commit -> Kafka acknowledgement (histogram).
 */
@Component
class RelayMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer lag;

    RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
        this.lag =
                Timer.builder("fleet.relay.lag")
                        .description(
                                "Postgres commit of an outbox row -> Kafka acknowledgement of its record")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(10))
                        .register(registry);
    }

    void acknowledged(String topic, Instant committedAt) {
        Counter.builder("fleet.relay.events")
                .description("Outbox events published to Kafka and acknowledged")
                .tag("topic", topic)
                .register(registry)
                .increment();
        Duration elapsed = Duration.between(committedAt, clock.instant());
        lag.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
}
