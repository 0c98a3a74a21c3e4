package io.outboxfleet.command.payment;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.security.web.PlainText;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
     * The event of a verified body.
     *
     * @throws ApiProblem 400: {@code malformed-request} when the body is not JSON, a validation
     *     problem naming the field that is missing or of the wrong type
     */
    static PaymentEvent parse(byte[] raw, JsonMapper json, Map<String, String> headers) {
        try {
            JsonNode body = json.readTree(raw);
            if (body == null || !body.isObject()) {
                throw missing("body");
            }
            return of(body, headers);
        } catch (JacksonException e) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "malformed-request",
                    "Malformed request",
                    "the body is not a JSON event");
        }
    }

    private static PaymentEvent of(JsonNode body, Map<String, String> headers) {
        String id = text(body, "id", "id");
        String type = text(body, "type", "type");
        if (id == null || id.isBlank()) {
            throw missing("id");
        }
        if (type == null || type.isBlank()) {
            throw missing("type");
        }
        JsonNode object = body.path("data").path("object");
        JsonNode amount = object.path("amount");
        if (SUCCEEDED.equals(type) && !(amount.isIntegralNumber() && amount.canConvertToLong())) {
            throw missing("data.object.amount");
        }
        String currency = text(object, "currency", "data.object.currency");
        if (SUCCEEDED.equals(type) && currency == null) {
            throw missing("data.object.currency");
        }
        return new PaymentEvent(
                id,
                type,
                text(object, "id", "data.object.id"),
                text(object.path("metadata"), "order_id", "data.object.metadata.order_id"),
                amount.canConvertToLong() ? amount.asLong() : null,
                currency,
                headers);
    }

    private static ApiProblem missing(String path) {
        return ApiProblem.invalidField(path, "is missing or has the wrong type");
    }

    /**
     * @throws ApiProblem 400 naming {@code path} when the text holds NUL or a lone surrogate (two
     *     event ids differing only there would be stored as one)
     */
    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            return null;
        }
        if (!PlainText.isValid(value.asString())) {
            throw ApiProblem.invalidField(path, PlainText.PROBLEM);
        }
        return value.asString();
    }
}
