package io.outboxfleet.workers.startup;

import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.BindException;

/**
 * Turns a start-up failure into one line naming the environment variable to fix, when the failure
 * is a known misconfiguration; empty otherwise (Spring Boot's own report applies then).
 */
final class StartupFailures {

    /** Spring's own properties whose variable does not follow the fleet.* -> FLEET_* rule. */
    private static final Map<String, String> SPRING_PROPERTY_VARIABLES =
            Map.of(
                    "spring.datasource.url", "FLEET_DB_URL",
                    "spring.datasource.username", "FLEET_DB_USER",
                    "spring.datasource.password", "FLEET_DB_PASSWORD",
                    "spring.mail.host", "FLEET_SMTP_HOST",
                    "spring.mail.port", "FLEET_SMTP_PORT",
                    "spring.kafka.bootstrap-servers", "FLEET_KAFKA_BOOTSTRAP");

    private StartupFailures() {}

    static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Misconfiguration m) {
                return Optional.of(m.getMessage());
            }
            if (t instanceof KafkaMisconfiguration kafka) {
                return Optional.of(kafka.getMessage());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind && bind.getProperty() != null) {
                String property = bind.getProperty().getName().toString();
                Throwable cause = bind.getCause() != null ? bind.getCause() : bind;
                String reason = rootCause(cause).getMessage();
                return Optional.of(
                        variableFor(property)
                                + " has an invalid value '"
                                + bind.getProperty().getValue()
                                + "'"
                                + (reason != null ? ": " + reason : ""));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                String variable =
                        state.startsWith("28")
                                ? "FLEET_DB_USER / FLEET_DB_PASSWORD"
                                : "FLEET_DB_URL";
                return Optional.of(variable + ": cannot use the database: " + sql.getMessage());
            }
        }
        return Optional.empty();
    }

    static String variableFor(String property) {
        String known = SPRING_PROPERTY_VARIABLES.get(property);
        if (known != null) {
            return known;
        }
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
