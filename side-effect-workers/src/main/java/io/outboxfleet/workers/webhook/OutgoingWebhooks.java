package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectAction;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.event.FleetEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Delivers every event type of the contract to the endpoints subscribed to it, one action per
 * endpoint (target = endpoint id), so a failing endpoint never makes the others receive twice.
 * Body: {@code {"type", "timestamp" (the event's commit time), "data" (the payload)}}; the same
 * bytes on every attempt.
 */
@Component
class OutgoingWebhooks implements EffectHandler {

    /** docs/contract.md section 5: all of them are delivered (section 7). */
    static final Set<String> EVENT_TYPES =
            Set.of(
                    "order.created",
                    "order.paid",
                    "order.cancelled",
                    "product.stock_changed",
                    "document.updated");

    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final ObjectMapper json;

    OutgoingWebhooks(WebhookEndpoints endpoints, WebhookSender sender, ObjectMapper json) {
        this.endpoints = endpoints;
        this.sender = sender;
        this.json = json;
    }

    @Override
    public Effect effect() {
        return Effect.WEBHOOK;
    }

    @Override
    public Set<String> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<EffectAction> actions(FleetEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", event.type());
        message.put("timestamp", event.time().toString());
        message.put("data", event.payload());
        String body = json.writeValueAsString(message);
        String messageId = event.id().toString();
        return endpoints.subscribedTo(event.type()).stream()
                .map(
                        endpoint ->
                                new EffectAction(
                                        endpoint.id().toString(),
                                        WebhookSender.destination(endpoint.url()),
                                        () -> sender.send(endpoint, messageId, body)))
                .toList();
    }
}
