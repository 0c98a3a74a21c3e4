package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Outgoing webhooks.
 *
 * @param allowPrivateTargets deliver to loopback, private and link-local addresses too
 *                            (FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS, default false; the local stack and tests set true)
 * @param connectTimeout      longest wait for a TCP connection to an endpoint (default 2s)
 * @param readTimeout         longest wait for an endpoint's answer (default 15s)
 */
@ConfigurationProperties("fleet.webhooks")
record WebhookProperties(boolean allowPrivateTargets, Duration connectTimeout, Duration readTimeout) {

    WebhookProperties {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new Misconfiguration("FLEET_WEBHOOKS_CONNECT_TIMEOUT", "must be a positive duration");
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new Misconfiguration("FLEET_WEBHOOKS_READ_TIMEOUT", "must be a positive duration");
        }
    }
}
