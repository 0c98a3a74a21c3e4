package io.outboxfleet.command.security;

import io.outboxfleet.security.secret.SecretBox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link SecretBox} that seals secrets the database keeps (webhook signing secrets). */
@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    SecretBox secretBox(SecretsProperties properties) {
        return SecretBox.of(properties.key());
    }
}
