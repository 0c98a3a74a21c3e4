package io.outboxfleet.relay;

import io.outboxfleet.startup.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The outbox relay: committed outbox rows, read from the Postgres WAL, published to Kafka. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(RelayProperties.class)
public class OutboxRelayApplication {

    public static void main(String[] args) {
        // a failed start ends the JVM with one line naming the variable (fleet-startup)
        ServiceMain.run(OutboxRelayApplication.class, args);
    }
}
