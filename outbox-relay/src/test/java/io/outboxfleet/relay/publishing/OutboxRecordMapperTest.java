package io.outboxfleet.relay.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.relay.RelayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

public class OutboxRecordMapperTest {

    private static final Schema ROW =
            SchemaBuilder.struct()
                    .field("id", Schema.STRING_SCHEMA)
                    .field("aggregate_type", Schema.STRING_SCHEMA)
                    .field("aggregate_id", Schema.STRING_SCHEMA)
                    .field("event_type", Schema.STRING_SCHEMA)
                    .field("payload", Schema.STRING_SCHEMA)
                    .field("headers", Schema.STRING_SCHEMA)
                    .field("created_at", Schema.STRING_SCHEMA)
                    .optional()
                    .build();
    private static final Schema SOURCE =
            SchemaBuilder.struct()
                    .field("schema", Schema.STRING_SCHEMA)
                    .field("table", Schema.STRING_SCHEMA)
                    .field("ts_ms", Schema.INT64_SCHEMA)
                    .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                    .build();
    private static final Schema ENVELOPE =
            SchemaBuilder.struct()
                    .field("before", ROW)
                    .field("after", ROW)
                    .field("source", SOURCE)
                    .field("op", Schema.STRING_SCHEMA)
                    .build();

    private final OutboxRecordMapper mapper =
            new OutboxRecordMapper(properties("/command-service"));

    @Test
    void insertBecomesCloudEventRecordWithRowHeaders() {
        SourceRecord change =
                change(
                        "c",
                        "public",
                        "outbox_events",
                        "{\"traceparent\": \"00-abc-def-01\", \"tenant\": \"t1\"}");

        ProducerRecord<String, String> record =
                mapper.toProducerRecord(mapper.toEvent(change).orElseThrow());

        assertThat(record.topic()).isEqualTo("fleet.invoice.events");
        assertThat(record.key()).isEqualTo("inv-1");
        assertThat(record.value()).isEqualTo("{\"amount\": 5}");
        assertThat(headers(record))
                .containsExactly(
                        Map.entry("ce_specversion", "1.0"),
                        Map.entry("ce_id", "6f1c1e9e-0000-4000-8000-000000000001"),
                        Map.entry("ce_type", "invoice.issued"),
                        Map.entry("ce_source", "/command-service"),
                        Map.entry("ce_time", "2026-01-02T03:04:05.123456Z"),
                        Map.entry("ce_subject", "inv-1"),
                        Map.entry("content-type", "application/json"),
                        Map.entry("ce_pglsn", "16/B374D848"),
                        Map.entry("traceparent", "00-abc-def-01"),
                        Map.entry("tenant", "t1"));
    }

    @Test
    void snapshotReadIsPublishedToo() {
        assertThat(mapper.toEvent(change("r", "public", "outbox_events", "{}"))).isPresent();
    }

    @Test
    void rowHeaderReplacesSourceButNeverColumnHeaders() {
        SourceRecord change =
                change(
                        "c",
                        "public",
                        "outbox_events",
                        "{\"ce_source\": \"/billing\", \"ce_id\": \"forged\", \"ce_type\": \"forged\", \"ce_pglsn\": \"0/0\"}");

        Map<String, String> headers =
                headers(mapper.toProducerRecord(mapper.toEvent(change).orElseThrow()));

        assertThat(headers)
                .containsEntry("ce_source", "/billing")
                .containsEntry("ce_id", "6f1c1e9e-0000-4000-8000-000000000001")
                .containsEntry("ce_type", "invoice.issued")
                .containsEntry("ce_pglsn", "16/B374D848");
    }

    @Test
    void defaultSourceIsConfigurable() {
        OutboxRecordMapper custom = new OutboxRecordMapper(properties("/elsewhere"));
        SourceRecord change = change("c", "public", "outbox_events", "{}");

        assertThat(headers(custom.toProducerRecord(custom.toEvent(change).orElseThrow())))
                .containsEntry("ce_source", "/elsewhere");
    }

    @Test
    void updatesDeletesAndOtherTablesAreNotEvents() {
        assertThat(mapper.toEvent(change("u", "public", "outbox_events", "{}"))).isEmpty();
        assertThat(mapper.toEvent(change("d", "public", "outbox_events", "{}"))).isEmpty();
        assertThat(mapper.toEvent(change("c", "public", "relay_heartbeat", "{}"))).isEmpty();
        assertThat(
                        mapper.toEvent(
                                new SourceRecord(
                                        Map.of(), Map.of(), "__debezium-heartbeat", null, null)))
                .isEmpty();
    }

    @Test
    void commitTimeComesFromTheSource() {
        OutboxEvent event =
                mapper.toEvent(change("c", "public", "outbox_events", "{}")).orElseThrow();

        assertThat(event.committedAt()).isEqualTo(Instant.ofEpochMilli(1_767_323_045_200L));
    }

    private static SourceRecord change(String op, String schema, String table, String headersJson) {
        Struct row =
                new Struct(ROW)
                        .put("id", "6f1c1e9e-0000-4000-8000-000000000001")
                        .put("aggregate_type", "invoice")
                        .put("aggregate_id", "inv-1")
                        .put("event_type", "invoice.issued")
                        .put("payload", "{\"amount\": 5}")
                        .put("headers", headersJson)
                        .put("created_at", "2026-01-02T03:04:05.123456Z");
        Struct source =
                new Struct(SOURCE)
                        .put("schema", schema)
                        .put("table", table)
                        .put("ts_ms", 1_767_323_045_200L)
                        .put("lsn", 0x16_B374D848L);
        Struct envelope =
                new Struct(ENVELOPE).put("after", row).put("source", source).put("op", op);
        return new SourceRecord(
                Map.of(), Map.of(), "outbox-relay-slot.public." + table, ENVELOPE, envelope);
    }

    private static Map<String, String> headers(ProducerRecord<String, String> record) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        record.headers()
                .forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers).hasSize(record.headers().toArray().length);
        return headers;
    }

    /** Relay settings as application.yml has them, with this default source. */
    public static RelayProperties properties(String defaultSource) {
        return new RelayProperties(
                "fleet_outbox_slot",
                "fleet_outbox",
                "initial",
                defaultSource,
                "fleet.{aggregateType}.events",
                new RelayProperties.Outbox(
                        "public.outbox_events",
                        "id",
                        "aggregate_type",
                        "aggregate_id",
                        "event_type",
                        "payload",
                        "headers",
                        "created_at"),
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                Duration.ofMillis(200),
                4096,
                16384,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                RelayProperties.OnLostSlot.FAIL,
                Duration.ofHours(24),
                Duration.ofMinutes(10),
                new RelayProperties.Rows(java.util.List.of("public.orders"), "fleet.rows.{table}"));
    }
}
