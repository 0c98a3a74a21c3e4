package io.outboxfleet.relay.streaming;

import io.outboxfleet.startup.Misconfiguration;
import java.net.URI;

/**
 * Host, port and database of a {@code jdbc:postgresql://host[:port]/database[?params]} URL, which
 * is what Debezium needs (it opens its own replication connection).
 */
public record PostgresAddress(String host, int port, String database) {

    private static final String PREFIX = "jdbc:postgresql://";

    /**
     * @throws Misconfiguration naming FLEET_DB_URL when the URL has another shape (several hosts,
     *     no database, not PostgreSQL)
     */
    public static PostgresAddress parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw invalid(jdbcUrl);
        }
        try {
            URI uri = URI.create("postgresql://" + jdbcUrl.substring(PREFIX.length()));
            String path = uri.getPath();
            if (uri.getHost() == null
                    || path == null
                    || path.length() < 2
                    || path.indexOf('/', 1) >= 0) {
                throw invalid(jdbcUrl);
            }
            return new PostgresAddress(
                    uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path.substring(1));
        } catch (IllegalArgumentException e) {
            throw invalid(jdbcUrl);
        }
    }

    private static Misconfiguration invalid(String jdbcUrl) {
        return new Misconfiguration(
                "FLEET_DB_URL",
                "must look like jdbc:postgresql://host:port/database, got '"
                        + withoutQuery(jdbcUrl)
                        + "'");
    }

    private static String withoutQuery(String url) {
        if (url == null) {
            return "";
        }
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
