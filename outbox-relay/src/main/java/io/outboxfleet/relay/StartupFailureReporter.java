package io.outboxfleet.relay;

import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import io.outboxfleet.relay.streaming.PostgresAddress.InvalidDatabaseUrlException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.springframework.boot.SpringBootExceptionReporter;

/**
 * Turns the misconfigurations an operator can fix (bad FLEET_DB_URL, database unreachable, wrong
 * credentials, FLEET_KAFKA_* settings that do not fit together) into one line on stderr naming the
 * variable, instead of a page of stack trace. Other failures are left to Spring Boot's usual
 * report.
 */
class StartupFailureReporter implements SpringBootExceptionReporter {

    @Override
    public boolean reportException(Throwable failure) {
        String line = describe(failure);
        if (line == null) {
            return false;
        }
        System.err.println("outbox-relay cannot start: " + line);
        return true;
    }

    /**
     * One line naming the variable to fix, or null when the failure is not a known
     * misconfiguration.
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidDatabaseUrlException || t instanceof KafkaMisconfiguration) {
                return t.getMessage();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if (sql.getSQLState().startsWith("08")) {
                    return "FLEET_DB_URL: cannot connect to Postgres ("
                            + firstLine(sql.getMessage())
                            + ")";
                }
                if (sql.getSQLState().equals("28P01") || sql.getSQLState().equals("28000")) {
                    return "FLEET_DB_USER/FLEET_DB_PASSWORD: Postgres refused the login ("
                            + firstLine(sql.getMessage())
                            + ")";
                }
                if (sql.getSQLState().equals("3D000")) {
                    return "FLEET_DB_URL: the database does not exist ("
                            + firstLine(sql.getMessage())
                            + ")";
                }
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return "FLEET_DB_URL: cannot connect to Postgres (" + t + ")";
            }
            if (t instanceof IllegalArgumentException
                    && t.getMessage() != null
                    && (t.getMessage().contains("claims to not accept jdbcUrl")
                            || t.getMessage().contains("'url' must start with"))) {
                return "FLEET_DB_URL must look like jdbc:postgresql://host:port/database";
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
