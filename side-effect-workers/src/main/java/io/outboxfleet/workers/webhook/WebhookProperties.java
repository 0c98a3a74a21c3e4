package io.outboxfleet.workers.webhook;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Outgoing webhooks.
 *
 * @param allowPrivateTargets deliver to loopback, private, link-local and metadata addresses too
 *     (FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS, default false; the local stack and tests set true)
 * @param connectTimeout longest wait for a TCP connection to an endpoint (default 2s)
 * @param readTimeout longest wait for an endpoint's answer (default 15s)
 * @param maxResponseBody most of an answer's body that is read (kept in the delivery's error),
 *     default 64KB
 * @param disableAfterFailures consecutive failed deliveries after which an endpoint is disabled
 *     (default 50)
 */
@ConfigurationProperties("fleet.webhooks")
record WebhookProperties(
        boolean allowPrivateTargets,
        Duration connectTimeout,
        Duration readTimeout,
        @DefaultValue("64KB") DataSize maxResponseBody,
        @DefaultValue("50") int disableAfterFailures) {

    WebhookProperties {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new Misconfiguration(
                    "FLEET_WEBHOOKS_CONNECT_TIMEOUT", "must be a positive duration");
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new Misconfiguration(
                    "FLEET_WEBHOOKS_READ_TIMEOUT", "must be a positive duration");
        }
        if (disableAfterFailures < 1) {
            throw new Misconfiguration(
                    "FLEET_WEBHOOKS_DISABLE_AFTER_FAILURES",
                    "must be at least 1, got " + disableAfterFailures);
        }
    }
}
