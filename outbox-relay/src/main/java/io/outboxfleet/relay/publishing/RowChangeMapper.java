package io.outboxfleet.relay.publishing;

import io.outboxfleet.relay.RelayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Debezium change records of the configured row-change tables -> one Kafka record per committed
 * change, on the table's topic ({@code fleet.rows.<table>}), key = the primary key (its value as
 * text for a one-column key, a JSON object otherwise), value:
 *
 * <pre>
 * {"table": "t", "op": "INSERT|UPDATE|DELETE", "new": {..}|null, "old": {..}|null, "commitTime": "ISO-8601"}
 * </pre>
 *
 * Columns are rendered by their Postgres type, never by name: jsonb as JSON, uuid and text as
 * strings, timestamptz as ISO-8601 UTC, timestamp as ISO-8601 read as UTC, date as {@code
 * yyyy-mm-dd}, numeric as a string, bytea as base64, arrays as arrays. The tables need REPLICA
 * IDENTITY FULL for {@code old} to carry the whole row. Knows no table by name.
 */
public final class RowChangeMapper {

    /**
     * Debezium's stand-in for an unchanged TOASTed column of an update; the old row has its value.
     */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final Map<String, String> OPERATIONS =
            Map.of("c", "INSERT", "r", "INSERT", "u", "UPDATE", "d", "DELETE");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RelayProperties.Rows rows;
    private final Set<String> tables;

    public RowChangeMapper(RelayProperties.Rows rows) {
        this.rows = rows;
        this.tables =
                Set.copyOf(
                        rows.tables().stream()
                                .map(t -> t.contains(".") ? t : "public." + t)
                                .toList());
    }

    /**
     * The Kafka record of a row change, or empty when the record is not a change of a configured
     * table.
     */
    public Optional<RowChange> toRowChange(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)
                || envelope.schema().field("op") == null
                || envelope.schema().field("source") == null) {
            return Optional.empty();
        }
        Struct source = envelope.getStruct("source");
        String table = source.getString("table");
        String op = OPERATIONS.get(envelope.getString("op"));
        if (op == null || !tables.contains(source.getString("schema") + "." + table)) {
            return Optional.empty();
        }
        Instant committedAt = Instant.ofEpochMilli(source.getInt64("ts_ms"));
        ObjectNode old = row(envelope, "before", null);
        ObjectNode value = NODES.objectNode();
        value.put("table", table);
        value.put("op", op);
        value.set("new", orNull(row(envelope, "after", old)));
        value.set("old", orNull(old));
        value.put("commitTime", committedAt.toString());
        ProducerRecord<String, String> kafkaRecord =
                new ProducerRecord<>(
                        rows.topicFor(table), key(record), JSON.writeValueAsString(value));
        kafkaRecord
                .headers()
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return Optional.of(new RowChange(kafkaRecord, committedAt));
    }

    /** A row change ready to send, with when Postgres committed it. */
    public record RowChange(ProducerRecord<String, String> record, Instant committedAt) {}

    private static String key(SourceRecord record) {
        if (!(record.key() instanceof Struct key)) {
            return null;
        }
        List<Field> fields = key.schema().fields();
        if (fields.size() == 1) {
            JsonNode only = render(fields.get(0).schema(), key.get(fields.get(0)));
            return only.isString() ? only.asString() : only.toString();
        }
        return render(key.schema(), key).toString();
    }

    private static ObjectNode row(Struct envelope, String side, ObjectNode fallback) {
        Struct row = envelope.getStruct(side);
        if (row == null) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        for (Field field : row.schema().fields()) {
            Object raw = row.get(field);
            if (UNAVAILABLE.equals(raw) && fallback != null && fallback.has(field.name())) {
                node.set(field.name(), fallback.get(field.name()));
            } else {
                node.set(field.name(), render(field.schema(), raw));
            }
        }
        return node;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NODES.nullNode() : node;
    }

    /** One column value by its Debezium schema (that is, by its Postgres type). */
    static JsonNode render(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        String name = schema.name() == null ? "" : schema.name();
        switch (name) {
            case "io.debezium.data.Json":
                return JSON.readTree(value.toString());
            case "io.debezium.time.MicroTimestamp":
                return NODES.stringNode(micros(((Number) value).longValue()).toString());
            case "io.debezium.time.NanoTimestamp":
                long nanos = ((Number) value).longValue();
                return NODES.stringNode(
                        Instant.ofEpochSecond(
                                        Math.floorDiv(nanos, 1_000_000_000L),
                                        Math.floorMod(nanos, 1_000_000_000L))
                                .toString());
            case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp":
                long millis =
                        value instanceof java.util.Date d
                                ? d.getTime()
                                : ((Number) value).longValue();
                return NODES.stringNode(Instant.ofEpochMilli(millis).toString());
            case "io.debezium.time.Date":
                return NODES.stringNode(
                        LocalDate.ofEpochDay(((Number) value).longValue()).toString());
            case "io.debezium.time.MicroTime":
                return NODES.stringNode(
                        LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L).toString());
            default:
                break;
        }
        switch (schema.type()) {
            case STRUCT:
                {
                    Struct struct = (Struct) value;
                    ObjectNode node = NODES.objectNode();
                    for (Field field : struct.schema().fields()) {
                        node.set(field.name(), render(field.schema(), struct.get(field)));
                    }
                    return node;
                }
            case ARRAY:
                {
                    ArrayNode array = NODES.arrayNode();
                    for (Object element : (List<?>) value) {
                        array.add(render(schema.valueSchema(), element));
                    }
                    return array;
                }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT8, INT16, INT32, INT64:
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT32, FLOAT64:
                return NODES.numberNode(((Number) value).doubleValue());
            case BYTES:
                byte[] bytes =
                        value instanceof java.nio.ByteBuffer buffer
                                ? toArray(buffer)
                                : (byte[]) value;
                return NODES.stringNode(java.util.Base64.getEncoder().encodeToString(bytes));
            default:
                return NODES.stringNode(value.toString());
        }
    }

    private static Instant micros(long m) {
        return Instant.ofEpochSecond(
                        Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000L)
                .atOffset(ZoneOffset.UTC)
                .toInstant();
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
