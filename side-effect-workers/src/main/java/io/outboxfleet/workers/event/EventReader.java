package io.outboxfleet.workers.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads a CloudEvents binary-mode Kafka record (headers {@code ce_*}, value = JSON payload). */
@Component
public class EventReader {

    private final ObjectMapper json;

    EventReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @throws UnreadableEventException naming what is missing or malformed
     */
    public FleetEvent read(ConsumerRecord<String, String> record) {
        UUID id = parseId(requiredHeader(record, "ce_id"));
        String type = requiredHeader(record, "ce_type");
        Instant time = parseTime(requiredHeader(record, "ce_time"));
        String subject = header(record, "ce_subject");
        if (record.value() == null) {
            throw new UnreadableEventException("event " + id + " (" + type + ") has no payload");
        }
        JsonNode payload;
        try {
            payload = json.readTree(record.value());
        } catch (JacksonException e) {
            throw new UnreadableEventException(
                    "payload of event "
                            + id
                            + " ("
                            + type
                            + ") is not JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
        if (!payload.isObject()) {
            throw new UnreadableEventException(
                    "payload of event " + id + " (" + type + ") is not a JSON object");
        }
        return new FleetEvent(id, type, time, subject, payload);
    }

    private static UUID parseId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException("header ce_id is not a UUID: '" + value + "'");
        }
    }

    private static Instant parseTime(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UnreadableEventException(
                    "header ce_time is not an ISO-8601 instant: '" + value + "'");
        }
    }

    private static String requiredHeader(ConsumerRecord<String, String> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException("record lacks the header " + name);
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
