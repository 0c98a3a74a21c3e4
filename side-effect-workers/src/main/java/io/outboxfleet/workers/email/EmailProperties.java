package io.outboxfleet.workers.email;

import io.outboxfleet.startup.Misconfiguration;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order emails. The SMTP server itself is {@code spring.mail.host}/{@code spring.mail.port}
 * (FLEET_SMTP_HOST / FLEET_SMTP_PORT).
 *
 * @param from sender address (FLEET_MAIL_FROM, default orders@fleet.local)
 * @param connections SMTP sessions kept connected and reused, each with its own thread
 *     (FLEET_MAIL_CONNECTIONS, default 4)
 */
@ConfigurationProperties("fleet.mail")
record EmailProperties(String from, @DefaultValue("4") int connections) {

    EmailProperties {
        try {
            new InternetAddress(from == null ? "" : from, true);
        } catch (AddressException e) {
            throw new Misconfiguration(
                    "FLEET_MAIL_FROM", "is not an email address: '" + from + "'");
        }
        if (connections < 1 || connections > 64) {
            throw new Misconfiguration(
                    "FLEET_MAIL_CONNECTIONS", "must be between 1 and 64, got " + connections);
        }
    }
}
