package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.effect.EffectMetrics.Outcome;
import io.outboxfleet.workers.event.EventReader;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

/**
 * The listener of one effect's consumer group: reads the CloudEvent, looks up the effect's handler
 * by {@code ce_type} and runs its actions. Records that can never be processed go to the dead
 * letters with the reason and do not block the partition; failures of the effect propagate to the
 * container's error handler, which retries them.
 */
final class EffectConsumer implements MessageListener<String, String> {

    private final Effect effect;
    private final EventReader reader;
    private final EffectHandlers handlers;
    private final EffectRunner runner;
    private final DeadLetters deadLetters;
    private final EffectMetrics metrics;

    EffectConsumer(Effect effect, EventReader reader, EffectHandlers handlers, EffectRunner runner,
                   DeadLetters deadLetters, EffectMetrics metrics) {
        this.effect = effect;
        this.reader = reader;
        this.handlers = handlers;
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        FleetEvent event;
        List<EffectAction> actions;
        try {
            event = reader.read(record);
            Optional<EffectHandler> handler = handlers.find(effect, event.type());
            if (handler.isEmpty()) {
                if (!handlers.isKnown(event.type())) {
                    reject(record, "unknown event type '" + event.type() + "'");
                }
                return;
            }
            actions = handler.get().actions(event);
        } catch (UnreadableEventException e) {
            reject(record, e.getMessage());
            return;
        }
        runner.run(effect, event, actions);
    }

    private void reject(ConsumerRecord<String, String> record, String reason) {
        metrics.attempt(effect, Outcome.REJECTED);
        deadLetters.rejected(effect, record, reason);
    }
}
