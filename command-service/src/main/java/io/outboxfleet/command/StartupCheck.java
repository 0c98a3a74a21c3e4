package io.outboxfleet.command;

import io.outboxfleet.kafkaclient.KafkaClientSecurity;
import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import io.outboxfleet.security.secret.SecretBox;
import io.outboxfleet.startup.Misconfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks the environment before Spring starts, so a misconfigured process stops before it opens a
 * connection: every secret is required (FLEET_JWT_SECRET, FLEET_PAYMENTS_WEBHOOK_SECRET,
 * FLEET_SECRETS_KEY; none has a default), FLEET_DB_URL must be a PostgreSQL URL and the
 * FLEET_KAFKA_* client settings must fit together. Spring's binding still validates the same
 * settings afterwards (and a property set another way than by its variable).
 */
final class StartupCheck {

    static final int MIN_JWT_SECRET_BYTES = 32;

    private StartupCheck() {}

    /**
     * @throws Misconfiguration or {@link KafkaMisconfiguration} naming the first variable to fix
     */
    static void check(Map<String, String> env) {
        String secret = env.get("FLEET_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new Misconfiguration(
                    "FLEET_JWT_SECRET",
                    "is not set; give it an HS256 key of at least "
                            + MIN_JWT_SECRET_BYTES
                            + " bytes");
        }
        int length = secret.getBytes(StandardCharsets.UTF_8).length;
        if (length < MIN_JWT_SECRET_BYTES) {
            throw new Misconfiguration(
                    "FLEET_JWT_SECRET",
                    "is "
                            + length
                            + " bytes long; it must be at least "
                            + MIN_JWT_SECRET_BYTES
                            + " bytes");
        }
        String payments = env.get("FLEET_PAYMENTS_WEBHOOK_SECRET");
        if (payments == null || payments.isBlank()) {
            // no default: a secret written in the repository would let anyone mark orders paid
            throw new Misconfiguration(
                    "FLEET_PAYMENTS_WEBHOOK_SECRET",
                    "is not set; give it the payment provider's signing secret");
        }
        try {
            SecretBox.of(env.get("FLEET_SECRETS_KEY"));
        } catch (IllegalArgumentException e) {
            throw new Misconfiguration("FLEET_SECRETS_KEY", e.getMessage());
        }
        String dbUrl = env.get("FLEET_DB_URL");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            throw new Misconfiguration(
                    "FLEET_DB_URL", "must be a jdbc:postgresql:// URL, got '" + dbUrl + "'");
        }
        KafkaClientSecurity.read(setting -> env.get(setting.variable()));
    }
}
