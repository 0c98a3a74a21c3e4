package io.outboxfleet.command;

import io.outboxfleet.kafkaclient.KafkaClientSecurity;
import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import io.outboxfleet.security.secret.SecretBox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the environment before Spring starts (every secret is required: FLEET_JWT_SECRET,
 * FLEET_PAYMENTS_WEBHOOK_SECRET, FLEET_SECRETS_KEY; none has a default; the FLEET_KAFKA_* client
 * settings must fit together), so a misconfigured process stops with one line that names the
 * variable, and phrases a failed start the same way. Spring's binding still validates the same
 * settings afterwards.
 */
final class StartupCheck {

    static final int MIN_JWT_SECRET_BYTES = 32;

    /** The local default of FLEET_DB_URL, as in application.yml. */
    static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:55432/fleet";

    private StartupCheck() {}

    /** What is wrong with the environment, if anything. */
    static Optional<String> problem(Map<String, String> env) {
        String secret = env.get("FLEET_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            return Optional.of(
                    "FLEET_JWT_SECRET is not set; give it an HS256 key of at least "
                            + MIN_JWT_SECRET_BYTES
                            + " bytes");
        }
        int length = secret.getBytes(StandardCharsets.UTF_8).length;
        if (length < MIN_JWT_SECRET_BYTES) {
            return Optional.of(
                    "FLEET_JWT_SECRET is "
                            + length
                            + " bytes long; it must be at least "
                            + MIN_JWT_SECRET_BYTES
                            + " bytes");
        }
        String payments = env.get("FLEET_PAYMENTS_WEBHOOK_SECRET");
        if (payments == null || payments.isBlank()) {
            // no default: a secret written in the repository would let anyone mark orders paid
            return Optional.of(
                    "FLEET_PAYMENTS_WEBHOOK_SECRET is not set; give it the payment provider's"
                            + " signing secret");
        }
        try {
            SecretBox.of(env.get("FLEET_SECRETS_KEY"));
        } catch (IllegalArgumentException e) {
            return Optional.of("FLEET_SECRETS_KEY " + e.getMessage());
        }
        String dbUrl = env.get("FLEET_DB_URL");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            return Optional.of(
                    "FLEET_DB_URL must be a jdbc:postgresql:// URL, got '" + dbUrl + "'");
        }
        try {
            KafkaClientSecurity.read(setting -> env.get(setting.variable()));
        } catch (KafkaMisconfiguration e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * One line about a failed start. A database that cannot be reached or refuses the login is
     * named by its variables; anything else by its innermost cause.
     */
    static String describe(Throwable failure, Map<String, String> env) {
        Throwable root = failure;
        boolean database = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KafkaMisconfiguration kafka) {
                return kafka.getMessage();
            }
            root = t;
            database |=
                    t instanceof java.sql.SQLException || t instanceof java.net.ConnectException;
        }
        if (database) {
            return "cannot use the database at FLEET_DB_URL="
                    + env.getOrDefault("FLEET_DB_URL", DEFAULT_DB_URL)
                    + " as FLEET_DB_USER="
                    + env.getOrDefault("FLEET_DB_USER", "fleet")
                    + ": "
                    + root.getMessage();
        }
        return "failed to start: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
