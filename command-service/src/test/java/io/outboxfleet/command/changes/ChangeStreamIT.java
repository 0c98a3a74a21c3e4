package io.outboxfleet.command.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The realtime stream over real HTTP with a real Kafka broker. Row changes are produced the way the
 * relay publishes them (shared fixture), so this test needs no relay.
 */
class ChangeStreamIT extends ApiIntegrationTest {

    private final String alice = Tokens.of("alice", "customer");
    private final String bob = Tokens.of("bob", "customer");
    private final String admin = Tokens.of("root", "admin");
    private final List<SseClient> clients = new ArrayList<>();
    private final RowChanges rows = new RowChanges();

    @LocalServerPort private int port;

    @Autowired private ChangeFeed feed;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
        registry.add("fleet.changes.heartbeat-interval", () -> "500ms");
    }

    @BeforeEach
    void feedIsListening() {
        await().atMost(Duration.ofSeconds(60)).until(feed::ready);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
        rows.close();
    }

    @Test
    void aCustomerReceivesTheInsertOfItsOwnNewOrderWithinTwoSecondsAndNotAnotherCustomers() {
        SseClient aliceStream = open("table=orders", alice, null);
        SseClient adminStream = open("table=orders", admin, null);
        String bobsOrder = UUID.randomUUID().toString();
        String alicesOrder = UUID.randomUUID().toString();

        rows.orderInserted(bobsOrder, "bob", "PENDING_PAYMENT");
        rows.orderInserted(alicesOrder, "alice", "PENDING_PAYMENT");

        await().atMost(Duration.ofSeconds(2)).until(() -> !changes(aliceStream).isEmpty());
        SseClient.Event insert = changes(aliceStream).get(0);
        assertThat(insert.name()).isEqualTo("INSERT");
        assertThat(insert.id()).matches("\\d+-\\d+(\\.\\d+-\\d+)*");
        assertThat(insert.data().path("table").asString()).isEqualTo("orders");
        assertThat(insert.data().path("op").asString()).isEqualTo("INSERT");
        assertThat(insert.data().path("new").path("id").asString()).isEqualTo(alicesOrder);
        assertThat(insert.data().path("old").isNull()).isTrue();
        assertThat(insert.data().path("commitTime").asString()).endsWith("Z");

        await().atMost(Duration.ofSeconds(5)).until(() -> changes(adminStream).size() == 2);
        assertThat(changes(aliceStream))
                .extracting(e -> e.data().path("new").path("id").asString())
                .containsExactly(alicesOrder);
    }

    @Test
    void anUpdateAfterPaymentCarriesTheOldAndTheNewStatus() {
        String order = UUID.randomUUID().toString();
        SseClient stream = open("table=orders&id=" + order, alice, null);

        rows.orderUpdated(UUID.randomUUID().toString(), "alice", "PENDING_PAYMENT", "PAID", 1);
        rows.orderUpdated(order, "alice", "PENDING_PAYMENT", "PAID", 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> !changes(stream).isEmpty());
        SseClient.Event update = changes(stream).get(0);
        assertThat(update.name()).isEqualTo("UPDATE");
        assertThat(update.data().path("old").path("status").asString())
                .isEqualTo("PENDING_PAYMENT");
        assertThat(update.data().path("new").path("status").asString()).isEqualTo("PAID");
        assertThat(update.data().path("new").path("id").asString()).isEqualTo(order);
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsTheChangesItMissedInOrder() {
        String order = UUID.randomUUID().toString();
        SseClient first = open("table=orders", alice, null);
        rows.orderInserted(order, "alice", "PENDING_PAYMENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(first).size() == 1);
        String lastEventId = changes(first).get(0).id();
        first.close();

        rows.orderUpdated(order, "alice", "PENDING_PAYMENT", "PAID", 1);
        rows.orderInserted(UUID.randomUUID().toString(), "bob", "PENDING_PAYMENT");
        rows.orderUpdated(order, "alice", "PAID", "CANCELLED", 2);

        SseClient again = open("table=orders", alice, lastEventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> changes(again).size() == 2);
        assertThat(changes(again))
                .extracting(e -> e.data().path("new").path("status").asString())
                .containsExactly("PAID", "CANCELLED");

        String afterReplay = UUID.randomUUID().toString();
        rows.orderInserted(afterReplay, "alice", "PENDING_PAYMENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(again).size() == 3);
        assertThat(changes(again).get(2).data().path("new").path("id").asString())
                .isEqualTo(afterReplay);
    }

    @Test
    void deniedColumnsAreNeverSentAndProductsAreVisibleToEveryone() {
        SseClient stream = open("table=products", bob, null);
        ObjectNode change = RowChanges.fixture();
        change.put("table", "products").put("op", "INSERT").putNull("old");
        String product = UUID.randomUUID().toString();
        ((ObjectNode) change.get("new"))
                .put("id", product)
                .put("sku", "MUG-1")
                .put("token", "s3cr3t");

        rows.send("products", product, change);

        await().atMost(Duration.ofSeconds(5)).until(() -> !changes(stream).isEmpty());
        assertThat(changes(stream).get(0).data().path("new").path("sku").asString())
                .isEqualTo("MUG-1");
        assertThat(changes(stream).get(0).data().path("new").has("token")).isFalse();
    }

    @Test
    void idleStreamsGetHeartbeatsAndAUserMayHoldOnlyALimitedNumber() {
        List<SseClient> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(open("table=orders", bob, null));
        }
        assertThat(five).extracting(c -> c.status).containsOnly(200);

        SseClient sixth = open("table=orders", bob, null);

        assertThat(sixth.status).isEqualTo(429);
        // the slot probe of the sixth request writes "ping" comments too: wait for a heartbeat
        await("a heartbeat on an idle stream")
                .atMost(Duration.ofSeconds(5))
                .until(() -> five.get(0).comments.contains("heartbeat"));
    }

    @Test
    void anUnknownTableIs400() {
        assertProblem(api.get("/api/changes?table=payment_events", alice), 400, "validation");
    }

    private SseClient open(String query, String token, String lastEventId) {
        SseClient client = SseClient.open(port, query, token, lastEventId);
        clients.add(client);
        return client;
    }

    private static List<SseClient.Event> changes(SseClient client) {
        return client.events.stream().filter(e -> !e.name().equals("disconnected")).toList();
    }
}
