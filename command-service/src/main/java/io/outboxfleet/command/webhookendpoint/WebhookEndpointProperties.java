package io.outboxfleet.command.webhookendpoint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registration of outgoing-webhook subscribers.
 *
 * @param allowPrivateTargets accept URLs on loopback, private, link-local and metadata addresses
 *     (FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS, default false; the local stack sets true)
 * @param rotationGrace how long the previous secret keeps signing after a rotation
 *     (FLEET_WEBHOOKS_ROTATION_GRACE, default 24h)
 */
@ConfigurationProperties("fleet.webhooks")
record WebhookEndpointProperties(
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("24h") Duration rotationGrace) {}
