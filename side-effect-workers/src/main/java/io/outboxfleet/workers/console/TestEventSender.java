package io.outboxfleet.workers.console;

import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.AsyncHttp;
import io.outboxfleet.workers.http.HttpAnswer;
import io.outboxfleet.workers.webhook.WebhookSignature;
import io.outboxfleet.workers.webhook.WebhookTargets;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends a signed test message of type {@code fleet.test} straight to an endpoint (Standard Webhooks
 * headers, signed with its current secret), bypassing the queue: it is not an event, is not retried
 * and leaves no delivery attempt or failure count. Sent as deliveries are, through {@link
 * WebhookTargets}: the same URL check, and the connection only to an address of the one lookup that
 * the deny-list allowed (private ones only when FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS allows them).
 */
@Component
class TestEventSender implements AutoCloseable {

    /** The endpoint's answer, or why there was none. */
    record Result(Integer status, String body, String error) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Test events are sent one per operator click: a few connections are plenty. */
    private static final int CONNECTIONS = 4;

    private final WebhookTargets targets;
    private final AsyncHttp http;
    private final ObjectMapper json;
    private final ConsoleProperties properties;
    private final Clock clock;

    TestEventSender(
            ObjectMapper json,
            ConsoleProperties properties,
            Clock clock,
            @Value("${fleet.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.targets = new WebhookTargets(allowPrivate);
        // the caller waits for the answer: completing on the client's I/O thread only wakes it
        this.http =
                targets.client(
                        "console-test",
                        new AsyncHttp.Limits(
                                properties.testEventTimeout(),
                                properties.testEventTimeout(),
                                DataSize.ofKilobytes(64),
                                CONNECTIONS),
                        Runnable::run,
                        clock);
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void close() {
        http.close();
    }

    /** Sends to {@code endpoint}, signed with {@code secret} (its current one, opened). */
    Result send(EndpointAdmin.Endpoint endpoint, String secret, String operator) {
        URI uri;
        try {
            uri = targets.check(endpoint.url());
        } catch (EffectFailure refused) {
            return new Result(null, null, "not sent: " + refused.getMessage());
        }
        Instant now = clock.instant();
        String id = "test_" + UUID.randomUUID();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "fleet.test");
        message.put("timestamp", now.toString());
        message.put("data", Map.of("endpointId", endpoint.id().toString(), "sentBy", operator));
        String body = json.writeValueAsString(message);
        long seconds = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", WebhookSignature.sign(secret, id, seconds, body));
        try {
            // completes within testEventTimeout (the client's deadline)
            HttpAnswer answer =
                    http.send("POST", uri, headers, body, "endpoint " + endpoint.id()).join();
            return new Result(answer.status(), properties.snippet(answer.body()), null);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String prefix = cause instanceof EffectFailure.Permanent ? "refused: " : "no answer: ";
            return new Result(null, null, prefix + cause.getMessage());
        }
    }
}
