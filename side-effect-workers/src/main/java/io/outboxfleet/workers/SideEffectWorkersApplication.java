package io.outboxfleet.workers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Kafka consumers that turn committed events into side effects (email, CRM sync, signed webhooks),
 * each at most once per (event id, effect, target) in its observable result.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SideEffectWorkersApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(SideEffectWorkersApplication.class, args);
        } catch (Throwable failure) {
            // already reported (one line for a misconfiguration, see StartupFailureReporter)
            System.exit(1);
        }
    }
}
