package io.outboxfleet.workers.console;

import io.outboxfleet.security.webhook.AddressDenyList;
import io.outboxfleet.workers.webhook.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends a signed test message of type {@code fleet.test} straight to an endpoint (Standard Webhooks
 * headers, signed with its current secret), bypassing the queue: it is not an event, is not retried
 * and leaves no delivery attempt or failure count. Private addresses are refused unless
 * FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS allows them, as for real deliveries.
 */
@Component
class TestEventSender {

    /** The endpoint's answer, or why there was none. */
    record Result(Integer status, String body, String error) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final ConsoleProperties properties;
    private final Clock clock;
    private final boolean allowPrivate;

    TestEventSender(
            ObjectMapper json,
            ConsoleProperties properties,
            Clock clock,
            @Value("${fleet.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(properties.testEventTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.allowPrivate = allowPrivate;
    }

    Result send(EndpointAdmin.Endpoint endpoint, String operator) {
        URI uri;
        try {
            uri = URI.create(endpoint.url());
            if (!allowPrivate && resolvesPrivate(uri.getHost())) {
                return new Result(
                        null, null, "refused: the endpoint's host resolves to a private address");
            }
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return new Result(null, null, "not sent: " + e.getMessage());
        }
        Instant now = clock.instant();
        String id = "test_" + UUID.randomUUID();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "fleet.test");
        message.put("timestamp", now.toString());
        message.put("data", Map.of("endpointId", endpoint.id().toString(), "sentBy", operator));
        String body = json.writeValueAsString(message);
        long seconds = now.getEpochSecond();
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(properties.testEventTimeout())
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", Long.toString(seconds))
                        .header(
                                "webhook-signature",
                                WebhookSignature.sign(endpoint.secret(), id, seconds, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), properties.snippet(response.body()), null);
        } catch (java.io.IOException e) {
            return new Result(
                    null,
                    null,
                    "no answer: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, null, "interrupted");
        }
    }

    /** Whether any address of the host is one the shared deny-list refuses (as deliveries do). */
    private static boolean resolvesPrivate(String host) throws java.net.UnknownHostException {
        if (host == null) {
            throw new IllegalArgumentException("the endpoint URL has no host");
        }
        for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
            if (AddressDenyList.denies(address)) {
                return true;
            }
        }
        return false;
    }
}
