package io.outboxfleet.relay;

import static io.outboxfleet.relay.support.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.TopicReader;
import io.outboxfleet.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A running relay against real Postgres and Kafka: what one committed outbox row becomes. */
class RelayPublishingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLOT = OutboxRows.uniqueSlot("publishing_it");
    private static RunningRelay relay;

    @BeforeAll
    static void startRelay() {
        PostgresServer.shared().truncateApplicationTables();
        relay =
                RunningRelay.start(SLOT, "--fleet.relay.retention-interval=500ms")
                        .awaitRole("active");
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
        OutboxRows.dropSlot(SLOT);
    }

    @Test
    void committedRowArrivesAsCloudEventWithItsTraceparent() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (TopicReader topic = new TopicReader("fleet.order.events")) {
            String id =
                    OutboxRows.insert(
                            "order",
                            orderId,
                            "order.created",
                            "{\"orderId\": \""
                                    + orderId
                                    + "\", \"totalCents\": 4200, \"currency\": \"EUR\"}",
                            "{\"traceparent\": \"" + traceparent + "\"}");

            ConsumerRecord<String, String> record = topic.awaitId(id);

            assertThat(record.topic()).isEqualTo("fleet.order.events");
            assertThat(record.key()).isEqualTo(orderId);
            assertThat(JSON.readTree(record.value()))
                    .isEqualTo(
                            JSON.readTree(
                                    "{\"orderId\": \""
                                            + orderId
                                            + "\", \"totalCents\": 4200, \"currency\": \"EUR\"}"));
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isEqualTo(id);
            assertThat(header(record, "ce_type")).isEqualTo("order.created");
            assertThat(header(record, "ce_source")).isEqualTo("/command-service");
            assertThat(header(record, "ce_time")).isEqualTo(createdAt(id));
            assertThat(header(record, "ce_subject")).isEqualTo(orderId);
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            assertThat(header(record, "traceparent")).isEqualTo(traceparent);
        }
    }

    @Test
    void rolledBackTransactionPublishesNothing() throws Exception {
        String type = OutboxRows.uniqueAggregateType("rollback");
        try (TopicReader topic = new TopicReader("fleet." + type + ".events")) {
            String rolledBack;
            try (Connection c = OutboxRows.connection()) {
                c.setAutoCommit(false);
                rolledBack = OutboxRows.insert(c, type, "a-1", "thing.happened", "{}", "{}");
                c.rollback();
            }
            String committed = OutboxRows.insert(type, "a-1", "thing.happened", "{}", "{}");

            topic.awaitId(committed);
            assertThat(topic.eventIds()).containsExactly(committed).doesNotContain(rolledBack);
        }
    }

    @Test
    void rowsOfOneAggregateArriveInCommitOrder() throws Exception {
        String type = OutboxRows.uniqueAggregateType("ordering");
        List<String> ids = new ArrayList<>();
        try (TopicReader topic = new TopicReader("fleet." + type + ".events")) {
            for (int i = 0; i < 200; i++) {
                ids.add(
                        OutboxRows.insert(
                                type, "aggregate-7", "thing.counted", "{\"n\": " + i + "}", "{}"));
            }

            topic.awaitIds(ids, Duration.ofSeconds(60));
            assertThat(topic.eventIds().stream().distinct().toList())
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void metricsAppearOnPrometheus() {
        String type = OutboxRows.uniqueAggregateType("metrics");
        OutboxRows.insert(type, "m-1", "thing.measured", "{}", "{}");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            String metrics = relay.get("/actuator/prometheus");
                            assertThat(metrics)
                                    .contains(
                                            "fleet_relay_events_total{topic=\"fleet."
                                                    + type
                                                    + ".events\"} 1.0");
                            assertThat(metrics).contains("fleet_relay_lag_seconds_bucket");
                            assertThat(metrics).contains("fleet_relay_lag_seconds_count");
                            assertThat(metrics)
                                    .containsPattern(
                                            "fleet_replication_slot_lag_bytes\\{slot=\""
                                                    + SLOT
                                                    + "\"} \\d");
                        });
    }

    @Test
    void healthShowsTheActiveRole() {
        assertThat(relay.health()).contains("\"status\":\"UP\"").contains("\"role\":\"active\"");
        assertThat(relay.get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
        assertThat(relay.get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    }

    @Test
    void rowsPastRetentionArePurged() throws Exception {
        String old =
                OutboxRows.insert(
                        OutboxRows.uniqueAggregateType("retention"),
                        "r-1",
                        "thing.aged",
                        "{}",
                        "{}");
        try (Connection c = OutboxRows.connection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "update outbox_events set created_at = now() - interval '25 hours' where id = '"
                            + old
                            + "'");
        }
        String fresh =
                OutboxRows.insert(
                        OutboxRows.uniqueAggregateType("retention"),
                        "r-2",
                        "thing.fresh",
                        "{}",
                        "{}");

        await().atMost(Duration.ofSeconds(30)).until(() -> !exists(old));
        assertThat(exists(fresh)).isTrue();
    }

    private static String createdAt(String id) throws Exception {
        try (Connection c = OutboxRows.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "select created_at from outbox_events where id = ?::uuid")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant().toString();
            }
        }
    }

    private static boolean exists(String id) throws Exception {
        try (Connection c = OutboxRows.connection();
                PreparedStatement q =
                        c.prepareStatement("select 1 from outbox_events where id = ?::uuid")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
