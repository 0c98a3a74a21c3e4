package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.AsyncHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed Standard Webhooks message, asynchronously over kept-alive connections. {@code
 * webhook-id} is the event id on every attempt; {@code webhook-timestamp} and the signature are of
 * this attempt, signed by the current secret and, during a rotation's grace window, the previous
 * one too (space-separated). Any non-2xx answer is a failure: 5xx, 408 and 429 retryable, other 4xx
 * permanent. Each outcome moves the endpoint's consecutive-failure counter.
 */
@Component
class WebhookSender {

    private final AsyncHttp http;
    private final WebhookTargets targets;
    private final WebhookEndpoints endpoints;
    private final Clock clock;

    WebhookSender(
            WebhookProperties properties,
            WebhookEndpoints endpoints,
            @Qualifier("effectCallbacks") Executor callbacks,
            Clock clock) {
        this.http =
                new AsyncHttp(
                        properties.connectTimeout(),
                        properties.readTimeout(),
                        properties.maxResponseBody(),
                        callbacks,
                        clock);
        this.targets = new WebhookTargets(properties.allowPrivateTargets());
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** The destination (in-flight limit, circuit breaker) of an endpoint: the endpoint itself. */
    static String destination(java.util.UUID endpointId) {
        return "webhook:" + endpointId;
    }

    CompletableFuture<Void> send(WebhookEndpoints.Stored stored, String messageId, String body) {
        WebhookEndpoints.Endpoint endpoint = stored.endpoint();
        String what = "endpoint " + endpoint.id();
        HttpRequest.Builder request;
        try {
            request = request(endpoint, messageId, body);
        } catch (EffectFailure failure) {
            endpoints.failed(endpoint.id(), failure.getMessage());
            return CompletableFuture.failedFuture(failure);
        }
        return http.send(request, what)
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

    private HttpRequest.Builder request(
            WebhookEndpoints.Endpoint endpoint, String messageId, String body) {
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
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
