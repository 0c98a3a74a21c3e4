package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.TopicReader;
import io.outboxfleet.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Row changes of the configured tables (application.yml: orders, products, documents) arrive on
 * their table's topic with old and new row, in the shape of the shared fixture.
 */
class RowChangePublishingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLOT = OutboxRows.uniqueSlot("rows_it");
    private static RunningRelay relay;

    @BeforeAll
    static void startRelay() {
        PostgresServer.shared().truncateApplicationTables();
        relay = RunningRelay.start(SLOT).awaitRole("active");
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
        OutboxRows.dropSlot(SLOT);
    }

    @Test
    void anInsertedThenUpdatedRowArrivesWithOldAndNew() throws Exception {
        String id = UUID.randomUUID().toString();
        try (TopicReader topic = new TopicReader("fleet.rows.orders")) {
            sql(
                    "insert into orders (id, customer_id, customer_email, status, total_cents, currency)"
                            + " values ('"
                            + id
                            + "', 'alice', 'alice@example.com', 'PENDING_PAYMENT', 2500, 'EUR')");
            sql("update orders set status = 'PAID', version = version + 1 where id = '" + id + "'");

            List<ConsumerRecord<String, String>> changes = awaitChanges(topic, id, 2);

            JsonNode insert = JSON.readTree(changes.get(0).value());
            JsonNode update = JSON.readTree(changes.get(1).value());
            assertThat(insert.path("table").asString()).isEqualTo("orders");
            assertThat(insert.path("op").asString()).isEqualTo("INSERT");
            assertThat(insert.path("old").isNull()).isTrue();
            assertThat(insert.path("new").path("status").asString()).isEqualTo("PENDING_PAYMENT");
            assertThat(insert.path("new").path("total_cents").asLong()).isEqualTo(2500);
            assertThat(update.path("op").asString()).isEqualTo("UPDATE");
            assertThat(update.path("old").path("status").asString()).isEqualTo("PENDING_PAYMENT");
            assertThat(update.path("new").path("status").asString()).isEqualTo("PAID");
            assertThat(update.path("new").path("version").asLong()).isEqualTo(1);
            assertThat(update.path("new").path("created_at").asString())
                    .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(update.path("commitTime").asString()).endsWith("Z");

            JsonNode fixture =
                    JSON.readTree(
                            RowChangePublishingIT.class.getResourceAsStream(
                                    "/fixtures/row-change-orders-update.json"));
            assertThat(update.propertyNames())
                    .containsExactlyInAnyOrderElementsOf(fixture.propertyNames());
            assertThat(update.path("new").propertyNames())
                    .containsAll(fixture.path("new").propertyNames());
            fixture.path("new")
                    .propertyNames()
                    .forEach(
                            column ->
                                    assertThat(update.path("new").path(column).getNodeType())
                                            .as(column)
                                            .isEqualTo(
                                                    fixture.path("new")
                                                            .path(column)
                                                            .getNodeType()));
        }
    }

    @Test
    void jsonbColumnsArriveAsJsonAndDeletesCarryTheOldRow() throws Exception {
        String id = UUID.randomUUID().toString();
        try (TopicReader topic = new TopicReader("fleet.rows.documents")) {
            sql(
                    "insert into documents (id, owner_id, title, content) values ('"
                            + id
                            + "', 'bob', 'Notes', 'hello')");
            sql("delete from documents where id = '" + id + "'");

            List<ConsumerRecord<String, String>> changes = awaitChanges(topic, id, 2);

            JsonNode delete = JSON.readTree(changes.get(1).value());
            assertThat(delete.path("op").asString()).isEqualTo("DELETE");
            assertThat(delete.path("new").isNull()).isTrue();
            assertThat(delete.path("old").path("owner_id").asString()).isEqualTo("bob");
            assertThat(delete.path("old").path("content").asString()).isEqualTo("hello");
        }
    }

    @Test
    void outboxRowsStillArriveAsEventsAndNotAsRowChanges() throws Exception {
        String aggregateId = UUID.randomUUID().toString();
        try (TopicReader events = new TopicReader("fleet.order.events")) {
            String eventId =
                    OutboxRows.insert(
                            "order",
                            aggregateId,
                            "order.created",
                            "{\"orderId\": \"" + aggregateId + "\"}",
                            "{}");
            assertThat(events.awaitId(eventId).key()).isEqualTo(aggregateId);
        }
    }

    private static List<ConsumerRecord<String, String>> awaitChanges(
            TopicReader topic, String key, int count) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                topic.records().stream().filter(r -> key.equals(r.key())).count()
                                        >= count);
        return topic.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = OutboxRows.connection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
