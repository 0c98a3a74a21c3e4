package io.outboxfleet.kafkaclient;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@link KafkaClientSecurity} once the configuration files are loaded (a setting's property
 * first, as mapped in {@code application.yml}, else its environment variable) and adds the {@code
 * spring.kafka.*} properties it implies, below every other source: each Kafka client Spring Boot's
 * {@code KafkaProperties} builds gets them. A wrong setting fails the start with {@link
 * KafkaMisconfiguration}. Registered in {@code META-INF/spring.factories}.
 */
public final class KafkaClientEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "fleetKafkaClientSecurity";

    @Override
    public void postProcessEnvironment(
            ConfigurableEnvironment environment, SpringApplication application) {
        KafkaClientSecurity security =
                KafkaClientSecurity.read(
                        setting -> {
                            String value = environment.getProperty(setting.property());
                            return value != null
                                    ? value
                                    : environment.getProperty(setting.variable());
                        });
        Map<String, Object> properties = security.springKafkaProperties();
        if (!properties.isEmpty()) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(SOURCE_NAME, properties));
        }
    }
}
