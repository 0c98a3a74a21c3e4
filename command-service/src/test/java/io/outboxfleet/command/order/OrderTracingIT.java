package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command's trace reaches its outbox row (so its effects downstream log the same trace id) and
 * the service's own ECS log lines: an incoming traceparent is continued, a request without one
 * starts a trace of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrderTracingIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String WELL_FORMED = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

    private final String alice = Tokens.of("alice", "customer");
    private String mug;

    @BeforeEach
    void catalogue() {
        Reply created =
                api.post(
                        "/api/products",
                        Tokens.of("root", "admin"),
                        Map.of(
                                "sku",
                                "MUG-1",
                                "name",
                                "Mug",
                                "priceCents",
                                1250,
                                "currency",
                                "EUR",
                                "stock",
                                5));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        mug = created.json().path("id").asString();
    }

    @Test
    void anIncomingTraceparentIsContinuedIntoTheOutboxRowAndTheLogs(CapturedOutput output) {
        Reply placed =
                send(
                        "/api/orders",
                        TRACEPARENT,
                        Map.of(
                                "customerEmail",
                                "alice@example.com",
                                "items",
                                List.of(Map.of("productId", mug, "quantity", 1))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String orderId = placed.json().path("id").asString();

        String written = outboxTraceparent("order.created");
        assertThat(written).matches(WELL_FORMED);
        assertThat(traceId(written)).isEqualTo(TRACE_ID);
        // the row names the service's own span, a child of the caller's
        assertThat(written).isNotEqualTo(TRACEPARENT);

        JsonNode line = logLine(output, "order " + orderId + " placed");
        assertThat(line.path("traceId").asString()).isEqualTo(TRACE_ID);
        assertThat(line.path("spanId").asString()).isEqualTo(written.substring(36, 52));
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceThatTheOutboxRowCarries(CapturedOutput output) {
        Reply placed =
                send(
                        "/api/orders",
                        null,
                        Map.of(
                                "customerEmail",
                                "alice@example.com",
                                "items",
                                List.of(Map.of("productId", mug, "quantity", 1))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        String orderId = placed.json().path("id").asString();
        Reply cancelled = send("/api/orders/" + orderId + "/cancel", null, null);
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);

        String created = outboxTraceparent("order.created");
        String cancel = outboxTraceparent("order.cancelled");
        assertThat(created).matches(WELL_FORMED);
        assertThat(cancel).matches(WELL_FORMED);
        assertThat(traceId(cancel)).as("two requests, two traces").isNotEqualTo(traceId(created));
        assertThat(logLine(output, "order " + orderId + " placed").path("traceId").asString())
                .isEqualTo(traceId(created));
        assertThat(logLine(output, "order " + orderId + " cancelled").path("traceId").asString())
                .isEqualTo(traceId(cancel));
    }

    @Test
    void aMalformedTraceparentIsNotForwardedButStillGetsATrace() {
        Reply placed =
                send(
                        "/api/orders",
                        "not-a-traceparent",
                        Map.of(
                                "customerEmail",
                                "alice@example.com",
                                "items",
                                List.of(Map.of("productId", mug, "quantity", 1))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);

        assertThat(outboxTraceparent("order.created"))
                .matches(WELL_FORMED)
                .doesNotContain("not-a-traceparent");
    }

    private Reply send(String path, String traceparent, Map<String, Object> body) {
        HttpRequest.Builder request =
                api.request(path, alice)
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        body == null ? "" : JSON.writeValueAsString(body)));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return api.send(request);
    }

    private String outboxTraceparent(String eventType) {
        return jdbc.sql("select headers ->> 'traceparent' from outbox_events where event_type = ?")
                .param(eventType)
                .query(String.class)
                .single();
    }

    private static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** The ECS JSON line whose message starts with {@code prefix}. */
    private static JsonNode logLine(CapturedOutput output, String prefix) {
        return output.getOut()
                .lines()
                .filter(l -> l.startsWith("{") && l.contains(prefix))
                .map(JSON::readTree)
                .filter(json -> json.path("message").asString().startsWith(prefix))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no log line '" + prefix + "' in:\n" + output.getOut()));
    }
}
