package io.outboxfleet.workers.security;

import io.outboxfleet.security.secret.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link SecretBox} that opens the webhook secrets the command-service stores sealed, with
 * FLEET_SECRETS_KEY (the same value as the command-service's).
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    SecretBox secretBox(SecretsProperties properties) {
        return SecretBox.of(properties.key());
    }
}
