package io.outboxfleet.command.webhookendpoint;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to {@code rotate-secret}: the new secret, shown once. Until {@code
 * previousSecretExpiresAt} deliveries carry a signature by each secret (space-separated in {@code
 * webhook-signature}).
 */
record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) {}
