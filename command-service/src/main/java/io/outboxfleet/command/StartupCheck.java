package io.outboxfleet.command;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the environment before Spring starts, so a misconfigured process stops with one line
 * that names the variable. Spring's binding still validates the same settings afterwards.
 */
final class StartupCheck {

    static final int MIN_JWT_SECRET_BYTES = 32;

    private StartupCheck() {
    }

    /** What is wrong with the environment, if anything. */
    static Optional<String> problem(Map<String, String> env) {
        String secret = env.get("FLEET_JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            return Optional.of("FLEET_JWT_SECRET is not set; give it an HS256 key of at least "
                    + MIN_JWT_SECRET_BYTES + " bytes");
        }
        int length = secret.getBytes(StandardCharsets.UTF_8).length;
        if (length < MIN_JWT_SECRET_BYTES) {
            return Optional.of("FLEET_JWT_SECRET is " + length + " bytes long; it must be at least "
                    + MIN_JWT_SECRET_BYTES + " bytes");
        }
        String dbUrl = env.get("FLEET_DB_URL");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            return Optional.of("FLEET_DB_URL must be a jdbc:postgresql:// URL, got '" + dbUrl + "'");
        }
        return Optional.empty();
    }
}
