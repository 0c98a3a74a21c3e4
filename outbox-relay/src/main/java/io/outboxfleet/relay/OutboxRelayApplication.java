package io.outboxfleet.relay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbox relay: committed outbox rows, read from the Postgres WAL, published to Kafka. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(RelayProperties.class)
public class OutboxRelayApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(OutboxRelayApplication.class, args);
        } catch (Throwable failure) {
            // Already reported: one line by StartupFailureReporter, or Spring Boot's own report.
            System.exit(1);
        }
    }
}
