package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.workers.effect.delivery.DeliveryEngine;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command's trace id (the record's {@code traceparent}) is in the MDC of every delivery attempt
 * of its effects, so their ECS log lines carry it; dead letters and replays keep it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIT extends WorkersScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @LocalServerPort int port;

    private OpsApi ops;

    @BeforeEach
    void opsClient() {
        ops = new OpsApi(port);
        // the line per effect done is debug (every attempt is in delivery_attempts): these tests
        // read it to follow the trace id through deliveries and a replay
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel(DeliveryEngine.class.getName(), LogLevel.DEBUG);
    }

    @AfterEach
    void quietAgain() {
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel(DeliveryEngine.class.getName(), null);
    }

    @Test
    void everyDeliveryOfTheEventLogsTheCommandsTraceId(CapturedOutput output) {
        subscribe(Sinks.SUBSCRIBER, "/hooks/orders", "order.created");
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(traced(order));

        for (String effect : List.of("email", "crm", "webhook")) {
            JsonNode done = awaitLogLine(output, effect + " of event " + order.id());
            assertThat(done.path("traceId").asString()).as("%s", done).isEqualTo(TRACE_ID);
            assertThat(done.path("eventId").asString())
                    .as("%s", done)
                    .isEqualTo(order.id().toString());
        }
    }

    @Test
    void aRecordWithoutTraceparentLogsNoTraceIdAndNothingLeaksFromTheAttemptBefore(
            CapturedOutput output) {
        TestEvent traced = TestEvent.of("order.created");
        TestEvent untraced = TestEvent.of("order.created").withKey(traced.key());
        EventProducer.send(traced(traced));
        EventProducer.send(untraced);

        awaitLogLine(output, "email of event " + traced.id());
        JsonNode done = awaitLogLine(output, "email of event " + untraced.id());
        assertThat(done.has("traceId")).as("%s", done).isFalse();
        assertThat(done.path("eventId").asString()).isEqualTo(untraced.id().toString());
    }

    @Test
    void aDeadLetterKeepsTheTraceparentAndItsReplayLogsTheSameTraceId(CapturedOutput output) {
        subscribe(Sinks.SUBSCRIBER, "/gone", "order.created");
        Sinks.SUBSCRIBER.respondAlways(410);
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(traced(order));

        JsonNode deadLetterLine = awaitLogLine(output, "dead letter ", order.id().toString());
        assertThat(deadLetterLine.path("traceId").asString()).isEqualTo(TRACE_ID);
        JsonNode letter =
                await().atMost(PATIENCE)
                        .until(
                                () ->
                                        ops.deadLetters().stream()
                                                .filter(
                                                        l ->
                                                                l.path("eventId")
                                                                        .asString()
                                                                        .equals(
                                                                                order.id()
                                                                                        .toString()))
                                                .findFirst()
                                                .orElse(null),
                                l -> l != null);
        String id = letter.path("id").asString();
        assertThat(
                        ops.get("/ops/dead-letters/" + id)
                                .body()
                                .path("headers")
                                .path("traceparent")
                                .asString())
                .isEqualTo(TRACEPARENT);

        Sinks.SUBSCRIBER.respondAlways(200);
        assertThat(ops.post("/ops/dead-letters/" + id + "/replay").status()).isEqualTo(202);

        JsonNode replayed =
                awaitLogLine(output, "webhook of event " + order.id() + " (order.created) to ");
        assertThat(replayed.path("message").asString()).endsWith("done, attempt 2");
        assertThat(replayed.path("traceId").asString()).isEqualTo(TRACE_ID);
    }

    private static ProducerRecord<String, String> traced(TestEvent event) {
        ProducerRecord<String, String> record = event.toRecord();
        record.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * The first ECS JSON line, a success or a dead letter, whose message starts with {@code prefix}
     * and contains {@code also}.
     */
    private static JsonNode awaitLogLine(CapturedOutput output, String prefix, String... also) {
        return await().atMost(PATIENCE)
                .until(
                        () ->
                                output.getOut()
                                        .lines()
                                        .filter(l -> l.startsWith("{") && l.contains(prefix))
                                        .map(JSON::readTree)
                                        .filter(
                                                json ->
                                                        json.path("message")
                                                                .asString()
                                                                .startsWith(prefix))
                                        .filter(
                                                json ->
                                                        List.of(also).stream()
                                                                .allMatch(
                                                                        json.path("message")
                                                                                        .asString()
                                                                                ::contains))
                                        .filter(
                                                json ->
                                                        json.path("message")
                                                                        .asString()
                                                                        .contains(" done, ")
                                                                || json.path("message")
                                                                        .asString()
                                                                        .startsWith("dead letter "))
                                        .findFirst()
                                        .orElse(null),
                        line -> line != null);
    }
}
