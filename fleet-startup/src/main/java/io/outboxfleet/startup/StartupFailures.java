package io.outboxfleet.startup;

import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.env.PropertyResolver;

/**
 * Turns a failed start into one line naming the environment variable to fix, when the failure is
 * known; empty otherwise (Spring Boot's own report applies then). The cause chain is searched for
 * the most specific failure first: a {@link Misconfiguration} or a {@link KafkaMisconfiguration}
 * (their message is the line), then a setting Spring could not convert (its {@code FLEET_*}
 * variable), then the database ({@code FLEET_DB_*}).
 */
public final class StartupFailures {

    /** What a failure means for the operator, and so for the exit status. */
    public enum Kind {
        /** A setting is wrong: starting again without changing it fails again. */
        MISCONFIGURED,
        /** The database could not be used at start; the same settings may work once it can. */
        UNAVAILABLE
    }

    /** An explained failure: its kind and the line (without the service's name). */
    public record Explanation(Kind kind, String line) {}

    /** Spring's own properties whose variable does not follow the fleet.* -> FLEET_* rule. */
    private static final Map<String, String> SPRING_PROPERTY_VARIABLES =
            Map.of(
                    "spring.datasource.url", "FLEET_DB_URL",
                    "spring.datasource.username", "FLEET_DB_USER",
                    "spring.datasource.password", "FLEET_DB_PASSWORD",
                    "spring.mail.host", "FLEET_SMTP_HOST",
                    "spring.mail.port", "FLEET_SMTP_PORT",
                    "spring.kafka.bootstrap-servers", "FLEET_KAFKA_BOOTSTRAP");

    /** Properties whose value is not repeated in a line (it may be a secret). */
    private static final Pattern SECRET_PROPERTY =
            Pattern.compile("(?i).*(secret|password|token|key).*");

    private static final String URL_SHAPE = "jdbc:postgresql://host:port/database";

    private StartupFailures() {}

    /** The line about a failure, when it is known. */
    public static Optional<String> explain(Throwable failure) {
        return explain(failure, null).map(Explanation::line);
    }

    /**
     * The explanation of a failure, when it is known.
     *
     * @param settings the failed application's settings, to name the database it tried ({@code
     *     spring.datasource.url} without its query, {@code spring.datasource.username}); null when
     *     there are none yet
     */
    public static Optional<Explanation> explain(Throwable failure, PropertyResolver settings) {
        List<Throwable> chain = chain(failure);
        for (Throwable t : chain) {
            if (t instanceof Misconfiguration || t instanceof KafkaMisconfiguration) {
                return misconfigured(t.getMessage());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof BindException bind && bind.getProperty() != null) {
                return misconfigured(invalidValue(bind));
            }
        }
        return database(chain, new Database(settings));
    }

    /**
     * The variable of a property: Spring's own as the fleet maps them, {@code
     * fleet.retry.max-delay} -> {@code FLEET_RETRY_MAX_DELAY} otherwise.
     */
    public static String variableFor(String property) {
        String known = SPRING_PROPERTY_VARIABLES.get(property);
        if (known != null) {
            return known;
        }
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String invalidValue(BindException bind) {
        String property = bind.getProperty().getName().toString();
        if (SECRET_PROPERTY.matcher(property).matches()) {
            // the conversion's reason repeats the value too
            return variableFor(property) + " has an invalid value (not repeated here)";
        }
        String reason = firstLine(root(bind.getCause() != null ? bind.getCause() : bind));
        return variableFor(property)
                + " has an invalid value '"
                + bind.getProperty().getValue()
                + "'"
                + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static Optional<Explanation> database(List<Throwable> chain, Database db) {
        for (Throwable t : chain) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                String why = "(" + firstLine(sql) + ")";
                if (state.startsWith("28")) {
                    return misconfigured(
                            "FLEET_DB_USER / FLEET_DB_PASSWORD: Postgres refused the login"
                                    + db.user()
                                    + db.at()
                                    + " "
                                    + why);
                }
                if (state.equals("3D000")) {
                    return misconfigured(db.cannotUse() + ": it does not exist " + why);
                }
                if (state.startsWith("08")) {
                    return unavailable(db.cannotUse() + ": cannot connect " + why);
                }
                return unavailable(db.cannotUse() + ": " + firstLine(sql));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return unavailable(db.cannotUse() + ": cannot connect (" + t + ")");
            }
            // Hikari and Spring refuse a URL no driver accepts before connecting
            String message = t.getMessage();
            if (t instanceof IllegalArgumentException
                    && message != null
                    && (message.contains("claims to not accept jdbcUrl")
                            || message.contains("'url' must start with"))) {
                return misconfigured("FLEET_DB_URL must look like " + URL_SHAPE + db.got());
            }
        }
        return Optional.empty();
    }

    private static Optional<Explanation> misconfigured(String line) {
        return Optional.of(new Explanation(Kind.MISCONFIGURED, line));
    }

    private static Optional<Explanation> unavailable(String line) {
        return Optional.of(new Explanation(Kind.UNAVAILABLE, line));
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Throwable root(Throwable failure) {
        List<Throwable> chain = chain(failure);
        return chain.get(chain.size() - 1);
    }

    /** The first line of a throwable's message (pgjdbc adds detail lines), or "". */
    static String firstLine(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** The database the application tried, as far as its settings say. */
    private record Database(PropertyResolver settings) {

        String cannotUse() {
            return "FLEET_DB_URL: cannot use the database" + at();
        }

        String at() {
            String url = url();
            return url == null ? "" : " at " + url;
        }

        String got() {
            String url = url();
            return url == null ? "" : ", got '" + url + "'";
        }

        String user() {
            String user = setting("spring.datasource.username");
            return user == null ? "" : " of '" + user + "'";
        }

        /** The URL without its query, which may carry a password. */
        private String url() {
            String url = setting("spring.datasource.url");
            if (url == null) {
                return null;
            }
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }

        private String setting(String property) {
            if (settings == null) {
                return null;
            }
            try {
                String value = settings.getProperty(property);
                return value == null || value.isBlank() ? null : value;
            } catch (IllegalArgumentException unresolvable) {
                // a placeholder that cannot be resolved: the line does without the value
                return null;
            }
        }
    }
}
