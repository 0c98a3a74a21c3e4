package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectTarget;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Delivers every event type of the contract to the endpoints subscribed to it when the event was
 * taken in: one target per endpoint (target = endpoint id, destination = that endpoint), so a
 * failing or slow endpoint never holds up or repeats the others. At delivery the endpoint is looked
 * up by id: deleted, disabled or no longer subscribed means a dead letter with that reason. Body:
 * {@code {"type", "timestamp" (the event's commit time), "data" (the payload)}}; the same bytes on
 * every attempt.
 */
@Component
class OutgoingWebhooks implements EffectHandler {

    static final Effect WEBHOOK =
            Effect.of("webhook", List.of(Topics.ORDERS, Topics.PRODUCTS, Topics.DOCUMENTS));

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
    private final Executor callbacks;

    OutgoingWebhooks(
            WebhookEndpoints endpoints,
            WebhookSender sender,
            ObjectMapper json,
            @Qualifier("effectCallbacks") Executor callbacks) {
        this.endpoints = endpoints;
        this.sender = sender;
        this.json = json;
        this.callbacks = callbacks;
    }

    @Override
    public Effect effect() {
        return WEBHOOK;
    }

    @Override
    public Set<String> eventTypes() {
        return EVENT_TYPES;
    }

    @Override
    public List<EffectTarget> plan(FleetEvent event) {
        return endpoints.subscribedTo(event.type()).stream()
                .map(
                        endpoint ->
                                EffectTarget.of(
                                        endpoint.id().toString(),
                                        WebhookSender.destination(endpoint.id())))
                .toList();
    }

    @Override
    public CompletableFuture<Void> perform(FleetEvent event, String target) {
        // looking the endpoint up and checking its address (DNS) may block: not on the caller
        return CompletableFuture.supplyAsync(() -> endpoint(target, event.type()), callbacks)
                .thenCompose(endpoint -> sender.send(endpoint, event.id().toString(), body(event)));
    }

    private WebhookEndpoints.Stored endpoint(String target, String eventType) {
        UUID id;
        try {
            id = UUID.fromString(target);
        } catch (IllegalArgumentException e) {
            throw EffectFailure.permanent("not a webhook endpoint id: " + target);
        }
        WebhookEndpoints.Stored endpoint = endpoints.find(id).orElse(null);
        if (endpoint == null || !endpoint.enabled() || !endpoint.subscribes(eventType)) {
            // a refusal is final: decide it on the database's current row, not on the snapshot
            endpoint =
                    endpoints
                            .findNow(id)
                            .orElseThrow(
                                    () ->
                                            EffectFailure.permanent(
                                                    "webhook endpoint " + id + " was deleted"));
        }
        if (!endpoint.enabled()) {
            throw EffectFailure.permanent("webhook endpoint " + id + " is disabled");
        }
        if (!endpoint.subscribes(eventType)) {
            throw EffectFailure.permanent(
                    "webhook endpoint " + id + " no longer subscribes to " + eventType);
        }
        return endpoint;
    }

    private String body(FleetEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", event.type());
        message.put("timestamp", event.time().toString());
        message.put("data", event.payload());
        return json.writeValueAsString(message);
    }
}
