package io.outboxfleet.relay.publishing;

import io.outboxfleet.relay.RelayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debezium change records of the outbox table -> CloudEvents 1.0 Kafka records (binary mode). Only
 * new rows are events: inserts ({@code c}) and snapshot reads ({@code r}); updates, deletes (the
 * retention purge) and every other table (the heartbeat) map to nothing.
 *
 * <p>Headers: {@code ce_specversion}, {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code
 * ce_time}, {@code ce_subject}, {@code content-type}, {@code ce_pglsn} (the row's WAL position, a
 * CloudEvents extension the ops console shows in an event's lineage), then every entry of the row's
 * headers. A row header may replace {@code ce_source} (or add any other header) but never the
 * headers derived from the row's own columns.
 */
public final class OutboxRecordMapper {

    private static final Set<String> NEW_ROW_OPERATIONS = Set.of("c", "r");
    private static final Set<String> COLUMN_HEADERS =
            Set.of(
                    "ce_specversion",
                    "ce_id",
                    "ce_type",
                    "ce_time",
                    "ce_subject",
                    "ce_pglsn",
                    "content-type");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RelayProperties.Outbox outbox;
    private final String schema;
    private final String table;
    private final RelayProperties properties;

    public OutboxRecordMapper(RelayProperties properties) {
        this.properties = properties;
        this.outbox = properties.outbox();
        int dot = outbox.table().indexOf('.');
        this.schema = dot < 0 ? "public" : outbox.table().substring(0, dot);
        this.table = dot < 0 ? outbox.table() : outbox.table().substring(dot + 1);
    }

    /**
     * The outbox event carried by a change record, or empty when the record is not a new outbox
     * row.
     */
    public Optional<OutboxEvent> toEvent(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)
                || envelope.schema().field("op") == null
                || envelope.schema().field("source") == null) {
            return Optional.empty();
        }
        Struct source = envelope.getStruct("source");
        if (!NEW_ROW_OPERATIONS.contains(envelope.getString("op"))
                || !schema.equals(source.getString("schema"))
                || !table.equals(source.getString("table"))) {
            return Optional.empty();
        }
        Struct row = envelope.getStruct("after");
        return Optional.of(
                new OutboxEvent(
                        text(row, outbox.idColumn()),
                        text(row, outbox.aggregateTypeColumn()),
                        text(row, outbox.aggregateIdColumn()),
                        text(row, outbox.eventTypeColumn()),
                        text(row, outbox.payloadColumn()),
                        headers(row.get(outbox.headersColumn())),
                        instant(row.get(outbox.createdAtColumn())),
                        Instant.ofEpochMilli(source.getInt64("ts_ms")),
                        source.schema().field("lsn") == null ? null : source.getInt64("lsn")));
    }

    /**
     * The Kafka record of an event: topic by aggregate type, key = aggregate id, value = payload.
     */
    public ProducerRecord<String, String> toProducerRecord(OutboxEvent event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(
                        properties.topicFor(event.aggregateType()),
                        event.aggregateId(),
                        event.payload());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", event.id());
        headers.put("ce_type", event.eventType());
        headers.put("ce_source", properties.defaultSource());
        headers.put("ce_time", event.createdAt().toString());
        headers.put("ce_subject", event.aggregateId());
        headers.put("content-type", "application/json");
        if (event.walLsn() != null) {
            headers.put("ce_pglsn", event.walPosition());
        }
        event.headers()
                .forEach(
                        (name, value) -> {
                            if (!COLUMN_HEADERS.contains(name)) {
                                headers.put(name, value);
                            }
                        });
        headers.forEach(
                (name, value) ->
                        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static String text(Struct row, String column) {
        Object value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("outbox column " + column + " is null");
        }
        return value.toString();
    }

    private static Map<String, String> headers(Object json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json == null || json.toString().isBlank()) {
            return headers;
        }
        JsonNode node = JSON.readTree(json.toString());
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode value = entry.getValue();
                if (!value.isNull()) {
                    headers.put(
                            entry.getKey(), value.isString() ? value.asString() : value.toString());
                }
            }
        }
        return headers;
    }

    /** timestamptz arrives as Debezium's ZonedTimestamp (ISO text); timestamp as epoch micros. */
    private static Instant instant(Object value) {
        if (value instanceof Number micros) {
            long m = micros.longValue();
            return Instant.ofEpochSecond(
                    Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000L);
        }
        if (value == null) {
            throw new IllegalArgumentException("outbox created-at column is null");
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }
}
