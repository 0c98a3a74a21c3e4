package io.outboxfleet.command.payment;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The part of a provider event this service uses, read from its verified body: {@code {id, type,
 * data: {object: {id, amount, currency, metadata: {order_id}}}}}. Only {@code id} and {@code type}
 * are required; the rest matters for {@code payment_intent.succeeded}.
 *
 * @param headers extra outbox headers for the event this one causes ({@code traceparent})
 */
record PaymentEvent(
        String id,
        String type,
        String paymentId,
        String orderId,
        Long amount,
        String currency,
        Map<String, String> headers) {

    static final String SUCCEEDED = "payment_intent.succeeded";

    /**
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    static PaymentEvent of(JsonNode body, Map<String, String> headers) {
        String id = text(body, "id");
        String type = text(body, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type");
        }
        JsonNode object = body.path("data").path("object");
        JsonNode amount = object.path("amount");
        if (SUCCEEDED.equals(type) && !amount.isIntegralNumber()) {
            throw new IllegalArgumentException("data.object.amount");
        }
        if (SUCCEEDED.equals(type) && text(object, "currency") == null) {
            throw new IllegalArgumentException("data.object.currency");
        }
        return new PaymentEvent(
                id,
                type,
                text(object, "id"),
                text(object.path("metadata"), "order_id"),
                amount.isIntegralNumber() ? amount.asLong() : null,
                text(object, "currency"),
                headers);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
