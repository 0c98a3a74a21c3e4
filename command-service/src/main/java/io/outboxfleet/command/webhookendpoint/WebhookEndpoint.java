package io.outboxfleet.command.webhookendpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscriber of outgoing webhooks as listed by the API: never with its secret. An empty {@code
 * eventTypes} means every type. The workers disable an endpoint after a run of failed deliveries
 * ({@code disabledAt}, {@code disabledReason}); {@code POST .../enable} turns it back on.
 */
record WebhookEndpoint(
        UUID id,
        String url,
        List<String> eventTypes,
        String description,
        boolean enabled,
        Instant createdAt,
        int consecutiveFailures,
        Instant disabledAt,
        String disabledReason) {}
