package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.http.AsyncHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The CRM's HTTP API: idempotent PUTs of contacts and deals, each carrying the event id as {@code
 * Idempotency-Key}, sent asynchronously over kept-alive connections. The CRM is the operator's own
 * configuration: its host is resolved by the system's DNS, with no deny-list.
 */
@Component
class CrmClient implements AutoCloseable {

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
            @Value("${fleet.delivery.max-in-flight}") int maxInFlight,
            Clock clock) {
        this.http =
                new AsyncHttp(
                        "crm",
                        new AsyncHttp.Limits(
                                properties.connectTimeout(),
                                properties.readTimeout(),
                                properties.maxResponseBody(),
                                maxInFlight),
                        AsyncHttp.SYSTEM_DNS,
                        callbacks,
                        clock);
        this.baseUrl = properties.baseUrl().replaceAll("/+$", "");
        this.authorization = "Bearer " + properties.token();
        this.json = json;
    }

    /**
     * Closes the connections; Spring calls it after the delivery engine, which uses this, stopped.
     */
    @Override
    public void close() {
        http.close();
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
        URI uri =
                URI.create(
                        baseUrl
                                + path
                                + URLEncoder.encode(id, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
        Map<String, String> headers =
                Map.of("Authorization", authorization, "Idempotency-Key", eventId.toString());
        return http.send("PUT", uri, headers, json.writeValueAsString(body), what)
                .thenAccept(
                        answer -> {
                            if (!answer.successful()) {
                                throw answer.failure(what);
                            }
                        });
    }
}
