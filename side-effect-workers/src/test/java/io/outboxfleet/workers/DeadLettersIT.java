package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

class DeadLettersIT extends WorkersScenario {

    private static final int MAX_ATTEMPTS = 6; // fleet.retry.max-attempts of the tests

    @LocalServerPort int port;

    private OpsApi ops;

    @BeforeEach
    void opsClient() {
        ops = new OpsApi(port);
    }

    @Test
    void anEndpointFailingTwiceGetsTheEventOnTheThirdAttemptAndOpsSeesAllThree() {
        Subscription endpoint = subscribe(Sinks.SUBSCRIBER, "/flaky", "order.created");
        Sinks.SUBSCRIBER.respondNext(500, 500);
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        List<Request> attempts = awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 3);
        assertThat(attempts)
                .extracting(r -> r.header("webhook-id"))
                .containsOnly(order.id().toString());
        List<JsonNode> webhookAttempts = awaitAttempts(order.id(), "webhook", 3);
        assertThat(webhookAttempts)
                .extracting(a -> a.path("target").asString())
                .containsOnly(endpoint.id().toString());
        assertThat(webhookAttempts)
                .extracting(a -> a.path("attempt").asInt())
                .containsExactly(1, 2, 3);
        assertThat(webhookAttempts)
                .extracting(a -> a.path("outcome").asString())
                .containsExactly("failure", "failure", "success");
        assertThat(webhookAttempts.get(0).path("statusCode").asInt()).isEqualTo(500);
        assertThat(webhookAttempts.get(0).path("error").asString()).contains("HTTP 500");
        assertThat(webhookAttempts.get(2).path("attemptedAt").asString()).isNotBlank();
        assertThat(ops.deadLetters()).isEmpty();
    }

    @Test
    void anEndpointAlwaysFailingEndsAsADeadLetterThatAReplayDeliversOnceItIsBack() {
        RecordingHttpServer down = new RecordingHttpServer();
        down.respondAlways(503);
        Subscription endpoint = subscribe(down, "/down", "order.created");
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        JsonNode letter = awaitDeadLetter(order.id(), "webhook");
        assertThat(letter.path("target").asString()).isEqualTo(endpoint.id().toString());
        assertThat(letter.path("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(letter.path("reason").asString())
                .contains("gave up after " + MAX_ATTEMPTS + " attempts", "HTTP 503");
        assertThat(Sinks.webhooksWithId(down, order.id())).hasSize(MAX_ATTEMPTS);
        List<JsonNode> attempts = webhookAttempts(order.id());
        assertThat(attempts).hasSize(MAX_ATTEMPTS);
        assertThat(attempts.get(MAX_ATTEMPTS - 1).path("outcome").asString())
                .isEqualTo("dead_letter");
        awaitDeadLettersGaugeCountsTheWaitingOnes();
        // the other effects of the event were not held up
        awaitOneEmailTo(order.text("customerEmail"));

        down.respondAlways(200);
        OpsApi.Answer replay =
                ops.post("/ops/dead-letters/" + letter.path("id").asString() + "/replay");

        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body().path("queued").asInt()).isEqualTo(1);
        List<JsonNode> after = awaitAttempts(order.id(), "webhook", MAX_ATTEMPTS + 1);
        assertThat(after.get(MAX_ATTEMPTS).path("attempt").asInt()).isEqualTo(MAX_ATTEMPTS + 1);
        assertThat(after.get(MAX_ATTEMPTS).path("outcome").asString()).isEqualTo("success");
        assertThat(Sinks.webhooksWithId(down, order.id())).hasSize(MAX_ATTEMPTS + 1);
        assertThat(
                        ops.get("/ops/dead-letters/" + letter.path("id").asString())
                                .body()
                                .path("replayCount")
                                .asInt())
                .isEqualTo(1);
        awaitDeadLettersGaugeCountsTheWaitingOnes();
        down.close();
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        Subscription endpoint = subscribe(Sinks.SUBSCRIBER, "/gone", "order.created");
        Sinks.SUBSCRIBER.respondAlways(410);
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        JsonNode letter = awaitDeadLetter(order.id(), "webhook");
        assertThat(letter.path("target").asString()).isEqualTo(endpoint.id().toString());
        assertThat(letter.path("reason").asString())
                .startsWith("permanent failure")
                .contains("HTTP 410");
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, order.id())).hasSize(1);
    }

    @Test
    void anUnknownTypeGoesStraightToTheDeadLettersAndCannotBeReplayedWhileStillUnknown() {
        TestEvent next = TestEvent.of("order.created");
        ProducerRecord<String, String> unknown =
                TestEvent.of("order.created").withKey(next.key()).toRecord();
        unknown.headers().remove("ce_type");
        unknown.headers().add("ce_type", "order.teleported".getBytes(StandardCharsets.UTF_8));
        UUID unknownId =
                UUID.fromString(
                        new String(
                                unknown.headers().lastHeader("ce_id").value(),
                                StandardCharsets.UTF_8));
        EventProducer.send(unknown);
        EventProducer.send(next);

        awaitOneEmailTo(next.text("customerEmail")); // the partition kept moving
        JsonNode letter = awaitDeadLetter(unknownId, "email");
        assertThat(letter.path("reason").asString())
                .isEqualTo("unknown event type 'order.teleported'");
        assertThat(letter.path("eventType").asString()).isEqualTo("order.teleported");
        assertThat(letter.path("attempts").asInt()).isZero();

        OpsApi.Answer replay =
                ops.post("/ops/dead-letters/" + letter.path("id").asString() + "/replay");
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body().path("detail").asString()).contains("unknown event type");
    }

    @Test
    void opsAnswersProblemsForBadRequests() {
        assertThat(ops.get("/ops/deliveries").status()).isEqualTo(400);
        assertThat(ops.get("/ops/deliveries?eventId=nope").status()).isEqualTo(400);
        assertThat(ops.post("/ops/dead-letters/" + UUID.randomUUID() + "/replay").status())
                .isEqualTo(404);
    }

    private void awaitDeadLettersGaugeCountsTheWaitingOnes() {
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> {
                            long waiting =
                                    jdbc.sql(
                                                    "select count(*) from dead_letters where replayed_at is null")
                                            .query(Long.class)
                                            .single();
                            assertThat(ops.metrics())
                                    .containsPattern(
                                            "fleet_dead_letters\\{[^}]*} " + waiting + "\\.0");
                        });
    }

    private JsonNode awaitDeadLetter(UUID eventId, String effect) {
        await().atMost(PATIENCE).until(() -> deadLetterOf(eventId, effect) != null);
        return deadLetterOf(eventId, effect);
    }

    private JsonNode deadLetterOf(UUID eventId, String effect) {
        return ops.deadLetters().stream()
                .filter(
                        d ->
                                d.path("eventId").asString().equals(eventId.toString())
                                        && d.path("effect").asString().equals(effect))
                .findFirst()
                .orElse(null);
    }

    private List<JsonNode> awaitAttempts(UUID eventId, String effect, int count) {
        await().atMost(PATIENCE).until(() -> attemptsOf(eventId, effect).size() >= count);
        return attemptsOf(eventId, effect);
    }

    private List<JsonNode> webhookAttempts(UUID eventId) {
        return attemptsOf(eventId, "webhook");
    }

    private List<JsonNode> attemptsOf(UUID eventId, String effect) {
        return ops.deliveries(eventId).stream()
                .filter(a -> a.path("effect").asString().equals(effect))
                .toList();
    }
}
