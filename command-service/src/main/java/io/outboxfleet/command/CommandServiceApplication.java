package io.outboxfleet.command;

import io.outboxfleet.startup.ServiceMain;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The command side of outbox-fleet: REST commands and reads (port FLEET_COMMAND_PORT, 8080). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandServiceApplication {

    public static void main(String[] args) {
        // a failed start ends the JVM with one line naming the variable (fleet-startup)
        ServiceMain.checkFirst("command-service", () -> StartupCheck.check(System.getenv()));
        ServiceMain.run(CommandServiceApplication.class, args);
    }
}
