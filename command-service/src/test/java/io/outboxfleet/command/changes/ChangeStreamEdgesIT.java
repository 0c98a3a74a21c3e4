package io.outboxfleet.command.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change stream's documented ends (docs/realtime.md): a client that stops reading is cut off as
 * {@code slow-consumer} without holding up the others, and a {@code Last-Event-ID} that cannot be
 * replayed is answered {@code too-old}. Runs in the application context every plain {@link
 * ApiIntegrationTest} shares (defaults: {@code client-queue} 256, {@code max-replay} 10 000), so it
 * builds no context of its own.
 */
class ChangeStreamEdgesIT extends ApiIntegrationTest {

    private static final String ORDERS_TOPIC = "fleet.rows.orders";
    private static final int CLIENT_QUEUE = 256;
    private static final int MAX_REPLAY = 10_000;
    private static final int FLOOD = 600;

    private final String admin = Tokens.of("edges-admin", "admin");
    private final String alice = Tokens.of("edges-alice", "customer");
    private final List<SseClient> clients = new ArrayList<>();
    private final RowChanges rows = new RowChanges();

    @LocalServerPort private int port;

    @Autowired private ChangeFeed feed;

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
    void aClientThatStopsReadingIsCutOffAsSlowConsumerWhileAnotherKeepsReceivingEverything()
            throws Exception {
        SseClient reading = open(admin, null);

        List<SseClient.Event> received = stallWhileChangesFlood(reading);

        SseClient.Event last = received.get(received.size() - 1);
        assertThat(last.name()).isEqualTo("disconnected");
        assertThat(last.data().path("reason").asString()).isEqualTo("slow-consumer");
        assertThat(last.data().path("resumeFrom").asString())
                .matches("\\d+-\\d+(\\.\\d+-\\d+)*")
                .isEqualTo(last.id());
        assertThat(received.size() - 1)
                .as("changes the stalled client got before it was cut off")
                .isLessThan(FLOOD - CLIENT_QUEUE);
        assertThat(reading.events).extracting(SseClient.Event::name).containsOnly("INSERT");
        assertThat(reading.ended).isFalse();
    }

    /**
     * docs/realtime.md: a slow consumer "may resume from resumeFrom", and a resumed stream has no
     * gaps: resumeFrom is the position of the last change the client was sent, not of the last one
     * queued (the queued ones dropped at the cut-off would otherwise be skipped by a resume).
     */
    @Test
    void aSlowConsumersResumeFromIsTheLastChangeItReceived() throws Exception {
        List<SseClient.Event> received = stallWhileChangesFlood(open(admin, null));

        SseClient.Event lastChange = received.get(received.size() - 2);
        SseClient.Event cutOff = received.get(received.size() - 1);
        assertThat(cutOff.data().path("resumeFrom").asString()).isEqualTo(lastChange.id());
    }

    /**
     * docs/realtime.md: a reconnect replays up to {@code max-replay} (10 000) changes, more than
     * the client's queue holds for live changes ({@code client-queue}, 256): the replay does not
     * count against it.
     */
    @Test
    void aReconnectReplaysMoreChangesThanTheClientQueueHolds() {
        int missed = 1_000;
        List<ObjectNode> changes = new ArrayList<>();
        for (int i = 0; i < missed; i++) {
            changes.add(RowChanges.orderInsert(UUID.randomUUID().toString(), "bob", "NEW"));
        }
        long before = endOffsets(ORDERS_TOPIC).get(0);
        SseClient connected = open(admin, null);
        rows.sendAll("orders", 0, changes);
        // missed while away: the feed has passed them all before the client comes back (were they
        // still arriving live, more than the client queue would overtake the replay)
        await("the changes streamed live")
                .atMost(Duration.ofSeconds(20))
                .until(() -> changes(connected).size() >= missed);

        SseClient again = open(admin, "0-" + before);

        await("the missed changes")
                .atMost(Duration.ofSeconds(20))
                .until(() -> again.ended || again.events.size() >= missed);
        assertThat(again.events).hasSize(missed);
        assertThat(again.events).extracting(SseClient.Event::name).containsOnly("INSERT");
    }

    @Test
    void aLastEventIdWhoseChangesKafkaNoLongerHoldsIsAnsweredTooOldAndTheStreamCloses() {
        SseClient first = open(alice, null);
        rows.orderInserted(UUID.randomUUID().toString(), "edges-alice", "PENDING_PAYMENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(first).size() == 1);
        String lastEventId = changes(first).get(0).id();
        first.close();
        rows.orderInserted(UUID.randomUUID().toString(), "edges-alice", "PAID");
        // what retention does to old segments: the records after lastEventId are gone
        deleteEverythingBeforeTheEnd(ORDERS_TOPIC);

        SseClient again = open(alice, lastEventId);

        assertTooOld(again);
    }

    @Test
    void aLastEventIdMoreThanMaxReplayChangesBehindIsAnsweredTooOld() {
        List<ObjectNode> changes = new ArrayList<>();
        for (int i = 0; i <= MAX_REPLAY; i++) {
            changes.add(RowChanges.orderInsert(UUID.randomUUID().toString(), "bob", "NEW"));
        }
        long before = endOffsets(ORDERS_TOPIC).get(0);
        rows.sendAll("orders", 0, changes);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> endOffsets(ORDERS_TOPIC).get(0) == before + MAX_REPLAY + 1);

        // Kafka still holds every one of them: only their number makes the position too old
        SseClient again = open(admin, "0-" + before);

        assertTooOld(again);
    }

    private void assertTooOld(SseClient stream) {
        assertThat(stream.status).isEqualTo(200);
        await("the too-old answer").atMost(Duration.ofSeconds(15)).until(() -> stream.ended);
        assertThat(stream.events).hasSize(1);
        SseClient.Event answer = stream.events.get(0);
        assertThat(answer.name()).isEqualTo("disconnected");
        assertThat(answer.data().path("reason").asString()).isEqualTo("too-old");
    }

    private SseClient open(String token, String lastEventId) {
        SseClient client = SseClient.open(port, "table=orders", token, lastEventId);
        clients.add(client);
        return client;
    }

    private static List<SseClient.Event> changes(SseClient client) {
        return client.events.stream().filter(e -> !e.name().equals("disconnected")).toList();
    }

    /**
     * Opens a stream whose client stops reading, floods the table with {@link #FLOOD} changes of 32
     * KB (the kernel buffers between server and client hold a few MB, so this is well past the
     * server's 256 queued events), waits until {@code reading} got every one, then lets the stalled
     * client read what the server still sends, to the end of its stream.
     */
    private List<SseClient.Event> stallWhileChangesFlood(SseClient reading) throws Exception {
        List<ObjectNode> changes = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            ObjectNode change = RowChanges.orderInsert(UUID.randomUUID().toString(), "x", "NEW");
            ((ObjectNode) change.get("new")).put("note", "n".repeat(32 * 1024));
            changes.add(change);
        }
        try (StalledSseClient stalled =
                new StalledSseClient(port, "table=orders", Tokens.of("edges-slow", "admin"))) {
            rows.sendAll("orders", null, changes);
            await("every change at the client that reads")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> changes(reading).size() == FLOOD);
            return stalled.resume(Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    private static Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBroker.bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        15_000));
    }

    private static Map<Integer, Long> endOffsets(String topic) {
        try (Admin kafka = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return kafka.listOffsets(latest).all().get().entrySet().stream()
                    .collect(
                            Collectors.toMap(
                                    e -> e.getKey().partition(), e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteEverythingBeforeTheEnd(String topic) {
        try (Admin kafka = admin()) {
            Map<TopicPartition, RecordsToDelete> all =
                    endOffsets(topic).entrySet().stream()
                            .collect(
                                    Collectors.toMap(
                                            e -> new TopicPartition(topic, e.getKey()),
                                            e -> RecordsToDelete.beforeOffset(e.getValue())));
            kafka.deleteRecords(all).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
