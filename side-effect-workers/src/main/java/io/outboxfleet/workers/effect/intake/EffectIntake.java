package io.outboxfleet.workers.effect.intake;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectHandlers;
import io.outboxfleet.workers.effect.EffectTarget;
import io.outboxfleet.workers.effect.EventLogContext;
import io.outboxfleet.workers.effect.delivery.DeliveryEngine;
import io.outboxfleet.workers.effect.delivery.EffectQueue;
import io.outboxfleet.workers.effect.delivery.RetryProperties;
import io.outboxfleet.workers.event.EventReader;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.RecordPosition;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.time.Clock;
import java.util.ArrayList;
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
public class EffectIntake {

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

    /** A record's planned rows, worked out without touching the database. */
    private record Plan(
            FleetEvent event,
            List<EffectTarget> targets,
            String aggregateKey,
            String payload,
            String traceparent,
            RecordPosition position) {}

    /** A record of a batch that can never be processed as it is, with the reason. */
    record Rejected(ConsumerRecord<String, String> record, String reason) {}

    /**
     * Queues the effect's planned targets for this record.
     *
     * @param onlyTarget queue only this target (a replay of one dead letter), or null for all
     * @param attemptsSoFar attempts already spent (0 for a new record); the budget is
     *     FLEET_RETRY_MAX_ATTEMPTS more
     * @return the number of targets queued (0 when the type is not this effect's business)
     * @throws UnreadableEventException when the record can never be processed as it is
     */
    public int accept(
            Effect effect,
            ConsumerRecord<String, String> record,
            String onlyTarget,
            int attemptsSoFar) {
        Plan plan = plan(effect, record, onlyTarget);
        if (plan.targets().isEmpty()) {
            return 0;
        }
        // all of the record's targets or none, so a refused one leaves nothing half-queued
        transaction.executeWithoutResult(
                tx -> queue.enqueueAll(rows(effect, plan, attemptsSoFar), clock.instant()));
        engine.wake();
        return plan.targets().size();
    }

    /**
     * Queues the planned targets of a whole poll in one transaction (one commit instead of one per
     * record). Records that can never be processed are returned, not queued.
     *
     * @throws RuntimeException when the database refused the batch (one record holding a value it
     *     refuses, or the database is down): the caller takes the records in one by one
     */
    List<Rejected> acceptAll(Effect effect, List<ConsumerRecord<String, String>> records) {
        List<Plan> plans = new ArrayList<>(records.size());
        List<Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                plans.add(plan(effect, record, null));
            } catch (RuntimeException e) {
                IntakeFailure failure = IntakeFailure.of(e);
                if (failure.kind() != IntakeFailure.Kind.PERMANENT) {
                    throw e;
                }
                rejected.add(new Rejected(record, failure.reason()));
            }
        }
        if (plans.stream().anyMatch(p -> !p.targets().isEmpty())) {
            List<EffectQueue.Planned> rows = new ArrayList<>();
            plans.forEach(plan -> rows.addAll(rows(effect, plan, 0)));
            transaction.executeWithoutResult(tx -> queue.enqueueAll(rows, clock.instant()));
            engine.wake();
        }
        return rejected;
    }

    private Plan plan(Effect effect, ConsumerRecord<String, String> record, String onlyTarget) {
        FleetEvent event = reader.read(record);
        Optional<EffectHandler> handler = handlers.find(effect, event.type());
        if (handler.isEmpty()) {
            if (!handlers.isKnown(event.type())) {
                throw new UnreadableEventException("unknown event type '" + event.type() + "'");
            }
            return new Plan(event, List.of(), null, null, null, null);
        }
        List<EffectTarget> planned =
                handler.get().plan(event).stream()
                        .filter(target -> onlyTarget == null || onlyTarget.equals(target.target()))
                        .toList();
        if (planned.isEmpty()) {
            return new Plan(event, List.of(), null, null, null, null);
        }
        String aggregateKey =
                record.key() != null
                        ? record.key()
                        : event.subject() != null ? event.subject() : event.id().toString();
        return new Plan(
                event,
                planned,
                aggregateKey,
                json.writeValueAsString(event.payload()),
                EventLogContext.traceparent(record),
                RecordPosition.of(record));
    }

    /** The plan's rows to queue, one per target. */
    private List<EffectQueue.Planned> rows(Effect effect, Plan plan, int attemptsSoFar) {
        List<EffectQueue.Planned> rows = new ArrayList<>(plan.targets().size());
        for (EffectTarget target : plan.targets()) {
            rows.add(
                    new EffectQueue.Planned(
                            effect,
                            target,
                            target.orderingKey() != null
                                    ? target.orderingKey()
                                    : plan.aggregateKey(),
                            plan.event(),
                            plan.payload(),
                            plan.traceparent(),
                            plan.position(),
                            attemptsSoFar,
                            attemptsSoFar + retry.maxAttempts()));
        }
        log.debug(
                "{} of event {} ({}) planned for {} target(s)",
                effect.label(),
                plan.event().id(),
                plan.event().type(),
                plan.targets().size());
        return rows;
    }
}
