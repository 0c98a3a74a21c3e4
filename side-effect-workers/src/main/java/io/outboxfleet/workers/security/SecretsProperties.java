package io.outboxfleet.workers.security;

import io.outboxfleet.security.secret.SecretBox;
import io.outboxfleet.startup.Misconfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Secrets at rest ({@code fleet.secrets.*}).
 *
 * @param key FLEET_SECRETS_KEY: {@code <id>:<base64 of 32 bytes>[,<id>:<base64>...]}, the same
 *     value as the command-service's; required, no default
 */
@ConfigurationProperties("fleet.secrets")
record SecretsProperties(String key) {

    SecretsProperties {
        try {
            SecretBox.of(key);
        } catch (IllegalArgumentException e) {
            throw new Misconfiguration("FLEET_SECRETS_KEY", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "SecretsProperties[key=***]";
    }
}
