package io.outboxfleet.workers.crm;

import io.outboxfleet.workers.effect.EffectFailure;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The CRM's HTTP API: idempotent PUTs of contacts and deals, each carrying the event id as
 * {@code Idempotency-Key}.
 */
@Component
class CrmClient {

    private final RestClient http;

    CrmClient(RestClient.Builder builder, CrmProperties properties) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        this.http = builder.clone()
                .baseUrl(properties.baseUrl())
                .requestFactory(requests)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.token())
                .build();
    }

    void putContact(UUID eventId, String customerId, Map<String, Object> contact) {
        put(eventId, "/contacts/{id}", customerId, contact);
    }

    void putDeal(UUID eventId, String orderId, Map<String, Object> deal) {
        put(eventId, "/deals/{id}", orderId, deal);
    }

    private void put(UUID eventId, String path, String id, Map<String, Object> body) {
        HttpStatusCode status;
        try {
            status = http.put()
                    .uri(path, id)
                    .header("Idempotency-Key", eventId.toString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange((request, response) -> response.getStatusCode());
        } catch (ResourceAccessException e) {
            throw EffectFailure.retryable("CRM unreachable for PUT " + path.replace("{id}", id) + ": " + e.getMessage(), e);
        }
        if (!status.is2xxSuccessful()) {
            throw EffectFailure.forHttpStatus("CRM (PUT " + path.replace("{id}", id) + ")", status.value());
        }
    }
}
