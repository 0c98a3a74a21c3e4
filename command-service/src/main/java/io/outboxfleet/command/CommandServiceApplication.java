package io.outboxfleet.command;

import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The command side of outbox-fleet: REST commands and reads on port 8080. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandServiceApplication {

    /** Exit status of a start refused because of configuration (EX_CONFIG of sysexits.h). */
    static final int EXIT_MISCONFIGURED = 78;

    /**
     * Exit status of a start that failed once Spring was running, for example without a database.
     */
    static final int EXIT_START_FAILED = 1;

    public static void main(String[] args) {
        Optional<String> misconfiguration = StartupCheck.problem(System.getenv());
        if (misconfiguration.isPresent()) {
            // one line naming the variable, not a page of stack trace
            System.err.println("command-service: " + misconfiguration.get());
            System.exit(EXIT_MISCONFIGURED);
        }
        try {
            SpringApplication.run(CommandServiceApplication.class, args);
        } catch (RuntimeException e) {
            // Spring has logged the details; operators get the one line that says what to fix
            System.err.println("command-service: " + StartupCheck.describe(e, System.getenv()));
            System.exit(EXIT_START_FAILED);
        }
    }
}
