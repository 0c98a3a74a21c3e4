package io.outboxfleet.command.webhookendpoint;

import java.util.List;
import java.util.UUID;

/**
 * The answer to a registration: the only time the signing secret is shown.
 *
 * @param secret {@code whsec_} followed by the base64 of 24 random bytes (Standard Webhooks)
 */
record RegisteredWebhookEndpoint(
        UUID id, String url, List<String> eventTypes, String description, String secret) {}
