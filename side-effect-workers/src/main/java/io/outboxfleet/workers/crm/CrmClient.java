package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.http.AsyncHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The CRM's HTTP API: idempotent PUTs of contacts and deals, each carrying the event id as {@code
 * Idempotency-Key}, sent asynchronously over kept-alive connections.
 */
@Component
class CrmClient {

    /** The destination name of the CRM (its in-flight limit and circuit breaker). */
    static final String DESTINATION = "crm";

    private final AsyncHttp http;
    private final String baseUrl;
    private final String authorization;
    private final ObjectMapper json;

    CrmClient(
            CrmProperties properties,
            ObjectMapper json,
            @Qualifier("effectCallbacks") Executor callbacks,
            Clock clock) {
        this.http =
                new AsyncHttp(
                        properties.connectTimeout(),
                        properties.readTimeout(),
                        properties.maxResponseBody(),
                        callbacks,
                        clock);
        this.baseUrl = properties.baseUrl().replaceAll("/+$", "");
        this.authorization = "Bearer " + properties.token();
        this.json = json;
    }

    CompletableFuture<Void> putContact(
            UUID eventId, String customerId, Map<String, Object> contact) {
        return put(eventId, "/contacts/", customerId, contact);
    }

    CompletableFuture<Void> putDeal(UUID eventId, String orderId, Map<String, Object> deal) {
        return put(eventId, "/deals/", orderId, deal);
    }

    private CompletableFuture<Void> put(
            UUID eventId, String path, String id, Map<String, Object> body) {
        String what = "CRM (PUT " + path + id + ")";
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create(
                                        baseUrl
                                                + path
                                                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                                                        .replace("+", "%20")))
                        .header("Authorization", authorization)
                        .header("Idempotency-Key", eventId.toString())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return http.send(request, what)
                .thenAccept(
                        answer -> {
                            if (!answer.successful()) {
                                throw answer.failure(what);
                            }
                        });
    }
}
