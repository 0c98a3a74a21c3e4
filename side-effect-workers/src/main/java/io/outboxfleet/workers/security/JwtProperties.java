package io.outboxfleet.workers.security;

import io.outboxfleet.startup.Misconfiguration;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens of the ops API.
 *
 * @param secret HS256 key, at least 32 bytes (FLEET_JWT_SECRET; no default: the run tooling prints
 *     a dev one)
 */
@ConfigurationProperties("fleet.security.jwt")
record JwtProperties(String secret) {

    static final int MIN_BYTES = 32;

    JwtProperties {
        if (secret == null || secret.isBlank()) {
            throw new Misconfiguration(
                    "FLEET_JWT_SECRET",
                    "is not set (an HS256 key of at least " + MIN_BYTES + " bytes)");
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            throw new Misconfiguration(
                    "FLEET_JWT_SECRET", "must be at least " + MIN_BYTES + " bytes, got " + bytes);
        }
    }

    @Override
    public String toString() {
        return "JwtProperties[secret=***]";
    }
}
