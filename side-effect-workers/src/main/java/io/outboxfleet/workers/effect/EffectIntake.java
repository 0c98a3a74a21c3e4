package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.event.EventReader;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns a record into queued effects: reads the CloudEvent, looks up the effect's handler by {@code
 * ce_type}, plans its targets once and queues one row per target in {@code effect_queue}, unless
 * already done or queued. Performs nothing itself; the {@link DeliveryEngine} does, so a slow or
 * failing destination never holds the Kafka consumer.
 */
@Component
class EffectIntake {

    private static final Logger log = LoggerFactory.getLogger(EffectIntake.class);

    private final EventReader reader;
    private final EffectHandlers handlers;
    private final EffectQueue queue;
    private final RetryProperties retry;
    private final DeliveryEngine engine;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;

    EffectIntake(
            EventReader reader,
            EffectHandlers handlers,
            EffectQueue queue,
            RetryProperties retry,
            DeliveryEngine engine,
            TransactionTemplate transaction,
            ObjectMapper json,
            Clock clock) {
        this.json = json;
        this.transaction = transaction;
        this.reader = reader;
        this.handlers = handlers;
        this.queue = queue;
        this.retry = retry;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Queues the effect's actions for this record.
     *
     * @param onlyTarget queue only this target (a replay of one dead letter), or null for all
     * @param attemptsSoFar attempts already spent (0 for a new record); the budget is
     *     FLEET_RETRY_MAX_ATTEMPTS more
     * @return the number of actions queued (0 when the type is not this effect's business)
     * @throws UnreadableEventException when the record can never be processed as it is
     */
    int accept(
            Effect effect,
            ConsumerRecord<String, String> record,
            String onlyTarget,
            int attemptsSoFar) {
        FleetEvent event = reader.read(record);
        Optional<EffectHandler> handler = handlers.find(effect, event.type());
        if (handler.isEmpty()) {
            if (!handlers.isKnown(event.type())) {
                throw new UnreadableEventException("unknown event type '" + event.type() + "'");
            }
            return 0;
        }
        List<EffectTarget> planned =
                handler.get().plan(event).stream()
                        .filter(target -> onlyTarget == null || onlyTarget.equals(target.target()))
                        .toList();
        if (planned.isEmpty()) {
            return 0;
        }
        String aggregateKey =
                record.key() != null
                        ? record.key()
                        : event.subject() != null ? event.subject() : event.id().toString();
        String traceparent = EventLogContext.traceparent(record);
        String payload = json.writeValueAsString(event.payload());
        // all of the record's targets or none, so a refused one leaves nothing half-queued
        transaction.executeWithoutResult(
                tx -> {
                    for (EffectTarget target : planned) {
                        queue.enqueue(
                                effect,
                                target,
                                target.orderingKey() != null ? target.orderingKey() : aggregateKey,
                                event,
                                payload,
                                traceparent,
                                attemptsSoFar,
                                attemptsSoFar + retry.maxAttempts(),
                                clock.instant());
                    }
                });
        log.debug(
                "{} of event {} ({}) planned for {} target(s)",
                effect.label(),
                event.id(),
                event.type(),
                planned.size());
        engine.wake();
        return planned.size();
    }
}
