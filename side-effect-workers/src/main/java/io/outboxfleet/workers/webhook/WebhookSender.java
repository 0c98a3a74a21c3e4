package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.HttpAnswer;
import java.net.URI;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * POSTs one signed Standard Webhooks message. {@code webhook-id} is the event id on every attempt;
 * {@code webhook-timestamp} and the signature are of this attempt, signed by the current secret
 * and, during a rotation's grace window, the previous one too (space-separated). Any non-2xx answer
 * is a failure: 5xx, 408 and 429 retryable, other 4xx permanent. Each outcome moves the endpoint's
 * consecutive-failure counter.
 */
@Component
class WebhookSender {

    private final RestClient http;
    private final WebhookTargets targets;
    private final WebhookEndpoints endpoints;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookSender(
            RestClient.Builder builder,
            WebhookProperties properties,
            WebhookEndpoints endpoints,
            Clock clock) {
        this.http =
                builder.clone()
                        .requestFactory(
                                HttpAnswer.requestFactory(
                                        properties.connectTimeout(), properties.readTimeout()))
                        .build();
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    /** The destination (circuit breaker, bulkhead) of an endpoint: its host and port. */
    static String destination(String url) {
        try {
            URI uri = URI.create(url);
            return "webhook:" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "webhook:invalid";
        }
    }

    void send(WebhookEndpoints.Endpoint endpoint, String messageId, String body) {
        try {
            post(endpoint, messageId, body);
        } catch (EffectFailure failure) {
            endpoints.failed(endpoint.id(), failure.getMessage());
            throw failure;
        }
        endpoints.succeeded(endpoint.id());
    }

    private void post(WebhookEndpoints.Endpoint endpoint, String messageId, String body) {
        URI uri = targets.check(endpoint.url());
        long timestamp = clock.instant().getEpochSecond();
        String signature;
        try {
            signature = WebhookSignature.sign(endpoint.secret(), messageId, timestamp, body);
            if (endpoint.previousSecret() != null) {
                signature +=
                        " "
                                + WebhookSignature.sign(
                                        endpoint.previousSecret(), messageId, timestamp, body);
            }
        } catch (IllegalArgumentException e) {
            throw EffectFailure.permanent(
                    "endpoint " + endpoint.id() + " has an unusable secret: " + e.getMessage());
        }
        HttpAnswer answer;
        try {
            answer =
                    http.post()
                            .uri(uri)
                            .contentType(MediaType.APPLICATION_JSON)
                            .header("webhook-id", messageId)
                            .header("webhook-timestamp", Long.toString(timestamp))
                            .header("webhook-signature", signature)
                            .body(body)
                            .exchange(
                                    (request, response) ->
                                            HttpAnswer.read(
                                                    response, properties.maxResponseBody(), clock));
        } catch (ResourceAccessException e) {
            throw EffectFailure.retryable(
                    "endpoint " + endpoint.id() + " unreachable: " + e.getMessage(), e);
        }
        if (!answer.successful()) {
            throw answer.failure("endpoint " + endpoint.id());
        }
    }
}
