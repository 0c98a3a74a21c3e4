package io.outboxfleet.command.security;

import io.outboxfleet.startup.Misconfiguration;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are verified.
 *
 * @param secret the HS256 key (FLEET_JWT_SECRET), its UTF-8 bytes used as they are; at least
 *     {@value #MIN_SECRET_BYTES} bytes, no default
 */
@ConfigurationProperties("fleet.security.jwt")
record JwtProperties(String secret) {

    /** HS256 needs a key at least as long as its 256-bit hash. */
    static final int MIN_SECRET_BYTES = 32;

    JwtProperties {
        if (secret == null || secret.isBlank()) {
            throw new Misconfiguration("FLEET_JWT_SECRET", "is not set");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new Misconfiguration(
                    "FLEET_JWT_SECRET", "must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
