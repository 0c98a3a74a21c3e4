package io.outboxfleet.workers.event;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One CloudEvent as read from Kafka (binary mode): the {@code ce_*} headers and the JSON payload.
 *
 * @param id {@code ce_id}, the outbox row id; the idempotency key of every effect
 * @param type {@code ce_type}, a stable string such as {@code order.created}
 * @param time {@code ce_time}, when the command committed
 * @param subject {@code ce_subject}, the aggregate id (may be null)
 * @param payload the record value
 */
public record FleetEvent(UUID id, String type, Instant time, String subject, JsonNode payload) {

    /** A text field of the payload that the effect cannot do without. */
    public String requiredText(String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull() || node.asString().isBlank()) {
            throw new UnreadableEventException("payload of " + type + " lacks '" + field + "'");
        }
        return node.asString();
    }

    /** A whole-number field of the payload that the effect cannot do without. */
    public long requiredLong(String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new UnreadableEventException(
                    "payload of " + type + " lacks the number '" + field + "'");
        }
        return node.asLong();
    }
}
