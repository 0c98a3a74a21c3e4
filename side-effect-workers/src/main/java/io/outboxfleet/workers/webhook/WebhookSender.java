package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.EffectFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * POSTs one signed Standard Webhooks message. {@code webhook-id} is the event id on every attempt;
 * {@code webhook-timestamp} and the signature are of this attempt. Any non-2xx answer is a failure.
 */
@Component
class WebhookSender {

    private final RestClient http;
    private final WebhookTargets targets;
    private final Clock clock;

    WebhookSender(RestClient.Builder builder, WebhookProperties properties, Clock clock) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(properties.readTimeout());
        this.http = builder.clone().requestFactory(requests).build();
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.clock = clock;
    }

    void send(WebhookEndpoints.Endpoint endpoint, String messageId, String body) {
        URI uri = targets.check(endpoint.url());
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = WebhookSignature.sign(endpoint.secret(), messageId, timestamp, body);
        } catch (IllegalArgumentException e) {
            throw EffectFailure.permanent("endpoint " + endpoint.id() + " has an unusable secret: " + e.getMessage());
        }
        HttpStatusCode status;
        try {
            status = http.post()
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature)
                    .body(body)
                    .exchange((request, response) -> response.getStatusCode());
        } catch (ResourceAccessException e) {
            throw EffectFailure.retryable("endpoint " + endpoint.id() + " unreachable: " + e.getMessage(), e);
        }
        if (!status.is2xxSuccessful()) {
            // Standard Webhooks: every non-2xx answer is a failed attempt, retried
            throw EffectFailure.retryable("endpoint " + endpoint.id() + " answered HTTP " + status.value(), null);
        }
    }
}
