package io.outboxfleet.relay.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.relay.RelayProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Row changes as the relay publishes them. The expected value is the shared fixture {@code
 * fixtures/row-change-orders-update.json}, which the command-service's stream tests produce too, so
 * both sides agree on the format.
 */
class RowChangeMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Schema UUID =
            SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build();
    private static final Schema ZONED =
            SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build();
    private static final Schema ROW =
            SchemaBuilder.struct()
                    .name("fleet.public.orders.Value")
                    .field("id", UUID)
                    .field("customer_id", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("customer_email", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("status", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("total_cents", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("currency", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("version", Schema.OPTIONAL_INT64_SCHEMA)
                    .field("created_at", ZONED)
                    .field("updated_at", ZONED)
                    .optional()
                    .build();
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();
    private static final Schema KEY = SchemaBuilder.struct().field("id", UUID).build();

    private final RowChangeMapper mapper =
            new RowChangeMapper(
                    new RelayProperties.Rows(
                            List.of("public.orders", "public.products"), "fleet.rows.{table}"));

    @Test
    void anUpdateBecomesTheSharedFixture() throws IOException {
        JsonNode fixture = fixture();
        SourceRecord update =
                change(
                        "u",
                        row(fixture.path("old")),
                        row(fixture.path("new")),
                        "orders",
                        Instant.parse(fixture.path("commitTime").asString()));

        ProducerRecord<String, String> record = mapper.toRowChange(update).orElseThrow().record();

        assertThat(record.topic()).isEqualTo("fleet.rows.orders");
        assertThat(record.key()).isEqualTo(fixture.path("new").path("id").asString());
        assertThat(JSON.readTree(record.value())).isEqualTo(fixture);
    }

    @Test
    void insertsHaveNoOldRowAndDeletesNoNewRow() throws IOException {
        JsonNode fixture = fixture();
        Instant at = Instant.parse("2026-01-02T03:04:05Z");

        JsonNode insert =
                JSON.readTree(
                        mapper.toRowChange(
                                        change("c", null, row(fixture.path("new")), "orders", at))
                                .orElseThrow()
                                .record()
                                .value());
        JsonNode delete =
                JSON.readTree(
                        mapper.toRowChange(
                                        change("d", row(fixture.path("old")), null, "orders", at))
                                .orElseThrow()
                                .record()
                                .value());

        assertThat(insert.path("op").asString()).isEqualTo("INSERT");
        assertThat(insert.path("old").isNull()).isTrue();
        assertThat(insert.path("new")).isEqualTo(fixture.path("new"));
        assertThat(delete.path("op").asString()).isEqualTo("DELETE");
        assertThat(delete.path("new").isNull()).isTrue();
        assertThat(delete.path("old")).isEqualTo(fixture.path("old"));
        assertThat(insert.path("commitTime").asString()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void anUnchangedToastedColumnTakesItsValueFromTheOldRow() throws IOException {
        JsonNode fixture = fixture();
        Struct after = row(fixture.path("new"));
        after.put("customer_email", RowChangeMapper.UNAVAILABLE);

        JsonNode value =
                JSON.readTree(
                        mapper.toRowChange(
                                        change(
                                                "u",
                                                row(fixture.path("old")),
                                                after,
                                                "orders",
                                                Instant.now()))
                                .orElseThrow()
                                .record()
                                .value());

        assertThat(value.path("new").path("customer_email").asString())
                .isEqualTo("alice@example.com");
    }

    @Test
    void tablesNotConfiguredAreNotRowChanges() throws IOException {
        JsonNode fixture = fixture();
        assertThat(
                        mapper.toRowChange(
                                change(
                                        "c",
                                        null,
                                        row(fixture.path("new")),
                                        "outbox_events",
                                        Instant.now())))
                .isEmpty();
    }

    @Test
    void columnsAreRenderedByTheirPostgresType() {
        Schema json = SchemaBuilder.string().name("io.debezium.data.Json").build();
        Schema micros = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
        Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").build();
        Schema textArray = SchemaBuilder.array(Schema.STRING_SCHEMA).build();

        assertThat(RowChangeMapper.render(json, "{\"a\": [1, 2]}"))
                .isEqualTo(JSON.readTree("{\"a\":[1,2]}"));
        assertThat(RowChangeMapper.render(micros, 1_700_000_000_123_456L).asString())
                .isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(RowChangeMapper.render(date, 19_000).asString()).isEqualTo("2022-01-08");
        assertThat(RowChangeMapper.render(textArray, List.of("a", "b")))
                .isEqualTo(JSON.readTree("[\"a\",\"b\"]"));
        assertThat(RowChangeMapper.render(Schema.BYTES_SCHEMA, new byte[] {1, 2, 3}).asString())
                .isEqualTo("AQID");
    }

    static JsonNode fixture() throws IOException {
        try (InputStream in =
                RowChangeMapperTest.class.getResourceAsStream(
                        "/fixtures/row-change-orders-update.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Struct row(JsonNode values) {
        Struct row = new Struct(ROW);
        for (Map.Entry<String, JsonNode> column : values.properties()) {
            JsonNode v = column.getValue();
            row.put(column.getKey(), v.isNumber() ? (Object) v.asLong() : v.asString());
        }
        return row;
    }

    private static SourceRecord change(
            String op, Struct before, Struct after, String table, Instant committedAt) {
        Struct source =
                new Struct(SOURCE)
                        .put("schema", "public")
                        .put("table", table)
                        .put("ts_ms", committedAt.toEpochMilli());
        Struct envelope =
                new Struct(ENVELOPE)
                        .put("before", before)
                        .put("after", after)
                        .put("source", source)
                        .put("op", op);
        Struct key = new Struct(KEY).put("id", (after != null ? after : before).get("id"));
        return new SourceRecord(
                Map.of(), Map.of(), "fleet.public." + table, null, KEY, key, ENVELOPE, envelope);
    }
}
