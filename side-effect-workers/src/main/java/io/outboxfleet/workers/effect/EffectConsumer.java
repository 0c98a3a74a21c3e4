package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.effect.EffectMetrics.Outcome;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * The listener of one effect's consumer group: hands the record's actions to the durable queue
 * ({@link EffectIntake}) and returns, so the offset is committed only once the work is recorded in
 * Postgres. Records that can never be processed go straight to the dead letters with the reason;
 * the partition keeps moving. A database failure propagates to the container's error handler, which
 * retries the record (nothing is lost, nothing is skipped).
 */
final class EffectConsumer implements MessageListener<String, String> {

    private final Effect effect;
    private final EffectIntake intake;
    private final DeadLetters deadLetters;
    private final EffectMetrics metrics;
    private final Clock clock;

    EffectConsumer(
            Effect effect,
            EffectIntake intake,
            DeadLetters deadLetters,
            EffectMetrics metrics,
            Clock clock) {
        this.effect = effect;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        EventLogContext context = EventLogContext.of(record);
        try {
            intake.accept(effect, record, null, 0);
        } catch (UnreadableEventException e) {
            metrics.attempt(effect, Outcome.REJECTED);
            deadLetters.rejected(effect, record, e.getMessage(), clock.instant());
        } finally {
            context.close();
        }
    }
}
