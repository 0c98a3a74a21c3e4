package io.outboxfleet.workers.email;

import io.outboxfleet.workers.startup.Misconfiguration;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Order emails. The SMTP server itself is {@code spring.mail.host}/{@code spring.mail.port}
 * (FLEET_SMTP_HOST / FLEET_SMTP_PORT).
 *
 * @param from sender address (FLEET_MAIL_FROM, default orders@fleet.local)
 */
@ConfigurationProperties("fleet.mail")
record EmailProperties(String from) {

    EmailProperties {
        try {
            new InternetAddress(from == null ? "" : from, true);
        } catch (AddressException e) {
            throw new Misconfiguration(
                    "FLEET_MAIL_FROM", "is not an email address: '" + from + "'");
        }
    }
}
