package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.AsyncHttp;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed Standard Webhooks message, asynchronously over kept-alive connections. {@code
 * webhook-id} is the event id on every attempt; {@code webhook-timestamp} and the signature are of
 * this attempt, signed by the current secret and, during a rotation's grace window, the previous
 * one too (space-separated). Any non-2xx answer is a failure: 5xx, 408 and 429 retryable, other 4xx
 * permanent. Each outcome moves the endpoint's consecutive-failure counter. Sent through {@link
 * WebhookTargets#client}: connected only to an address the deny-list check allowed.
 */
@Component
class WebhookSender implements AutoCloseable {

    private final AsyncHttp http;
    private final WebhookTargets targets;
    private final WebhookEndpoints endpoints;
    private final Clock clock;

    WebhookSender(
            WebhookProperties properties,
            WebhookEndpoints endpoints,
            @Qualifier("effectCallbacks") Executor callbacks,
            @Value("${fleet.delivery.max-in-flight}") int maxInFlight,
            Clock clock) {
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.http =
                targets.client(
                        "webhook",
                        new AsyncHttp.Limits(
                                properties.connectTimeout(),
                                properties.readTimeout(),
                                properties.maxResponseBody(),
                                maxInFlight),
                        callbacks,
                        clock);
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * Closes the connections; Spring calls it after the delivery engine, which uses this, stopped.
     */
    @Override
    public void close() {
        http.close();
    }

    /** The destination (in-flight limit, circuit breaker) of an endpoint: the endpoint itself. */
    static String destination(java.util.UUID endpointId) {
        return "webhook:" + endpointId;
    }

    CompletableFuture<Void> send(WebhookEndpoints.Stored stored, String messageId, String body) {
        WebhookEndpoints.Endpoint endpoint = stored.endpoint();
        String what = "endpoint " + endpoint.id();
        URI uri;
        Map<String, String> headers;
        try {
            uri = targets.check(endpoint.url());
            headers = headers(endpoint, messageId, body);
        } catch (EffectFailure failure) {
            endpoints.failed(endpoint.id(), failure.getMessage());
            return CompletableFuture.failedFuture(failure);
        }
        return http.send("POST", uri, headers, body, what)
                .thenAccept(
                        answer -> {
                            if (!answer.successful()) {
                                throw answer.failure(what);
                            }
                        })
                .whenComplete(
                        (ok, failure) -> {
                            if (failure == null) {
                                endpoints.succeeded(stored);
                            } else {
                                Throwable cause =
                                        failure.getCause() != null ? failure.getCause() : failure;
                                endpoints.failed(endpoint.id(), cause.getMessage());
                            }
                        });
    }

    private Map<String, String> headers(
            WebhookEndpoints.Endpoint endpoint, String messageId, String body) {
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
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }
}
