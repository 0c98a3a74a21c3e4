package io.outboxfleet.workers.effect.intake;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EventLogContext;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import io.outboxfleet.workers.effect.delivery.EffectMetrics;
import io.outboxfleet.workers.effect.delivery.EffectMetrics.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * The listener of one effect's consumer group: hands the planned targets of each poll's records to
 * the durable queue ({@link EffectIntake}) in one transaction and returns, so offsets are committed
 * only once the work is recorded in Postgres. A failure is classified once ({@link IntakeFailure}):
 * a record that can never be processed (malformed, or holding a value the database refuses) goes
 * straight to the dead letters with the reason and the partition keeps moving; a database that is
 * down makes the container's error handler retry from the failed record with backoff (nothing is
 * lost, nothing is skipped); anything else is retried a few times, then dead-lettered too.
 */
final class EffectConsumer implements BatchMessageListener<String, String> {

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
    public void onMessage(List<ConsumerRecord<String, String>> records) {
        List<EffectIntake.Rejected> rejected;
        try {
            rejected = intake.acceptAll(effect, records);
        } catch (RuntimeException batchRefused) {
            // a record holding a value the database refuses, or the database is down
            oneByOne(records);
            return;
        }
        for (EffectIntake.Rejected r : rejected) {
            try (EventLogContext context = EventLogContext.of(r.record())) {
                reject(r.record(), r.reason());
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(
                        "cannot store a dead letter", e, records.indexOf(r.record()));
            }
        }
    }

    private void oneByOne(List<ConsumerRecord<String, String>> records) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> record = records.get(i);
            try (EventLogContext context = EventLogContext.of(record)) {
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
                                failure.kind().name().toLowerCase(Locale.ROOT),
                                failure.reason());
                        throw new BatchListenerFailedException(failure.reason(), e, i);
                    }
                    reject(record, failure.reason());
                }
            } catch (BatchListenerFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("cannot store a dead letter", e, i);
            }
        }
    }

    /** The record goes to the dead letters with this reason; nothing of it is queued. */
    void reject(ConsumerRecord<String, String> record, String reason) {
        metrics.attempt(effect, Outcome.REJECTED);
        deadLetters.rejected(effect, record, reason, clock.instant());
    }
}
