package io.outboxfleet.workers.effect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@code fleet_effect_attempts_total{effect,outcome}} and {@code fleet_effect_latency_seconds{effect}}
 * (from the event's commit time, {@code ce_time}, to the effect being done).
 */
@Component
class EffectMetrics {

    enum Outcome {
        /** the effect was done */
        SUCCESS,
        /** the attempt failed; it may be retried */
        FAILURE,
        /** already done for this event id; skipped */
        DUPLICATE,
        /** the record cannot be processed (unknown type, unreadable payload) */
        REJECTED,
        /** retries exhausted or failure permanent: handed to the dead letters */
        DEAD_LETTER;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Clock clock;

    EffectMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void attempt(Effect effect, Outcome outcome) {
        Counter.builder("fleet.effect.attempts")
                .description("Attempts of a side effect, by outcome")
                .tag("effect", effect.label())
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
    }

    void done(Effect effect, Instant committedAt) {
        Duration latency = Duration.between(committedAt, clock.instant());
        Timer.builder("fleet.effect.latency")
                .description("From the event's commit (ce_time) to the effect being done")
                .tag("effect", effect.label())
                .publishPercentileHistogram()
                .register(registry)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }
}
