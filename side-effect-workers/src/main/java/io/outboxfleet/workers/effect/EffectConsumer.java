package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.effect.EffectMetrics.Outcome;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * The listener of one effect's consumer group: hands the record's actions to the durable queue
 * ({@link EffectIntake}) and returns, so the offset is committed only once the work is recorded in
 * Postgres. A failure is classified once ({@link IntakeFailure}): a record that can never be
 * processed (malformed, or holding a value the database refuses) goes straight to the dead letters
 * with the reason and the partition keeps moving; a database that is down propagates to the
 * container's error handler, which retries the record with backoff (nothing is lost, nothing is
 * skipped); anything else is retried a few times, then dead-lettered too.
 */
final class EffectConsumer implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(EffectConsumer.class);

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
        } catch (RuntimeException e) {
            IntakeFailure failure = IntakeFailure.of(e);
            if (failure.kind() != IntakeFailure.Kind.PERMANENT) {
                log.warn(
                        "{} intake of {}-{}@{} failed ({}), retrying with backoff: {}",
                        effect.label(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        failure.kind().name().toLowerCase(java.util.Locale.ROOT),
                        failure.reason());
                throw e;
            }
            reject(record, failure.reason());
        } finally {
            context.close();
        }
    }

    /** The record goes to the dead letters with this reason; nothing of it is queued. */
    void reject(ConsumerRecord<String, String> record, String reason) {
        metrics.attempt(effect, Outcome.REJECTED);
        deadLetters.rejected(effect, record, reason, clock.instant());
    }
}
