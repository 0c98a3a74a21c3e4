package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.HttpAnswer;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The CRM's HTTP API: idempotent PUTs of contacts and deals, each carrying the event id as {@code
 * Idempotency-Key}.
 */
@Component
class CrmClient {

    /** The destination name of the CRM's circuit breaker and bulkhead. */
    static final String DESTINATION = "crm";

    private final RestClient http;
    private final DataSize maxResponseBody;
    private final Clock clock;

    CrmClient(RestClient.Builder builder, CrmProperties properties, Clock clock) {
        this.http =
                builder.clone()
                        .baseUrl(properties.baseUrl())
                        .requestFactory(
                                HttpAnswer.requestFactory(
                                        properties.connectTimeout(), properties.readTimeout()))
                        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.token())
                        .build();
        this.maxResponseBody = properties.maxResponseBody();
        this.clock = clock;
    }

    void putContact(UUID eventId, String customerId, Map<String, Object> contact) {
        put(eventId, "/contacts/{id}", customerId, contact);
    }

    void putDeal(UUID eventId, String orderId, Map<String, Object> deal) {
        put(eventId, "/deals/{id}", orderId, deal);
    }

    private void put(UUID eventId, String path, String id, Map<String, Object> body) {
        HttpAnswer answer;
        try {
            answer =
                    http.put()
                            .uri(path, id)
                            .header("Idempotency-Key", eventId.toString())
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(body)
                            .exchange(
                                    (request, response) ->
                                            HttpAnswer.read(response, maxResponseBody, clock));
        } catch (ResourceAccessException e) {
            throw EffectFailure.retryable(
                    "CRM unreachable for PUT " + path.replace("{id}", id) + ": " + e.getMessage(),
                    e);
        }
        if (!answer.successful()) {
            throw answer.failure("CRM (PUT " + path.replace("{id}", id) + ")");
        }
    }
}
