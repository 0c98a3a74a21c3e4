package io.outboxfleet.command.payment;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Inbound payment webhooks ({@code fleet.payments.*}).
 *
 * @param webhookSecret the provider's signing secret (FLEET_PAYMENTS_WEBHOOK_SECRET); required, no
 *     default
 * @param tolerance how far the signed timestamp may be from now, either way; default 300s
 *     (Stripe's)
 */
@ConfigurationProperties("fleet.payments")
record PaymentProperties(String webhookSecret, Duration tolerance) {

    PaymentProperties {
        if (webhookSecret == null || webhookSecret.isBlank()) {
            throw new Misconfiguration("FLEET_PAYMENTS_WEBHOOK_SECRET", "is not set");
        }
        if (tolerance == null) {
            tolerance = Duration.ofSeconds(300);
        }
    }
}
