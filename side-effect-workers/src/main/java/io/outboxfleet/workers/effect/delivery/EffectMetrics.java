package io.outboxfleet.workers.effect.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * {@code fleet_effect_attempts_total{effect,outcome}}, {@code fleet_effect_latency_seconds{effect}}
 * (from the event's {@code ce_time}, the start of the command's transaction, to the effect being
 * done; docs/guarantees.md), and the gauges {@code fleet_dead_letters} (dead letters not replayed
 * yet) and {@code fleet_effect_queue_depth}.
 */
@Component
public class EffectMetrics {

    public enum Outcome {
        /** the effect was done */
        SUCCESS,
        /** the attempt failed; it is retried later */
        FAILURE,
        /** already done for this event id; skipped */
        DUPLICATE,
        /**
         * the record cannot be processed (unknown type, unreadable payload): dead letter, no
         * attempt
         */
        REJECTED,
        /** retries exhausted or failure permanent: handed to the dead letters */
        DEAD_LETTER,
        /** not attempted now (circuit open or destination busy); no attempt counted */
        DEFERRED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final java.util.Map<String, Counter> counters =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Timer> latencies =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock clock;

    EffectMetrics(MeterRegistry registry, Clock clock, DeadLetters deadLetters, EffectQueue queue) {
        this.registry = registry;
        this.clock = clock;
        gauge("fleet.dead.letters", "Dead letters waiting for a replay", deadLetters::waiting);
        gauge(
                "fleet.effect.queue.depth",
                "Effects queued: due, waiting for a retry, or parked behind one",
                queue::depth);
    }

    public void attempt(Effect effect, Outcome outcome) {
        attempt(effect.label(), outcome);
    }

    void attempt(String effect, Outcome outcome) {
        counters.computeIfAbsent(
                        effect + "/" + outcome.label(),
                        k ->
                                Counter.builder("fleet.effect.attempts")
                                        .description("Attempts of a side effect, by outcome")
                                        .tag("effect", effect)
                                        .tag("outcome", outcome.label())
                                        .register(registry))
                .increment();
    }

    void done(String effect, Instant committedAt) {
        Duration latency = Duration.between(committedAt, clock.instant());
        latencies
                .computeIfAbsent(
                        effect,
                        k ->
                                Timer.builder("fleet.effect.latency")
                                        .description(
                                                "From the event's ce_time (its transaction's start) to the effect being done")
                                        .tag("effect", effect)
                                        .publishPercentileHistogram()
                                        .register(registry))
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private void gauge(String name, String description, Supplier<Long> count) {
        Gauge.builder(
                        name,
                        () -> {
                            try {
                                return count.get();
                            } catch (RuntimeException databaseDown) {
                                return Double.NaN;
                            }
                        })
                .description(description)
                .register(registry);
    }
}
