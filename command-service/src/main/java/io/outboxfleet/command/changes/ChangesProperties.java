package io.outboxfleet.command.changes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The realtime change stream ({@code fleet.changes.*}, docs/contract.md section 9).
 *
 * @param topicTemplate Kafka topic of a table's row changes, as the relay names it; default {@code
 *     fleet.rows.{table}}
 * @param tables streamable tables by name ({@code orders}, {@code products}, {@code documents});
 *     any other is 400
 * @param deniedColumns columns never sent, whatever the table; default {@code secret, password,
 *     password_hash, token}
 * @param heartbeatInterval a comment line is sent this often so proxies keep idle streams open;
 *     default 15s
 * @param clientQueue events buffered per client; a client that falls this far behind is
 *     disconnected; default 256
 * @param maxStreamsPerUser concurrent streams of one user ({@code sub}); more is 429; default 5
 * @param maxReplay most events a reconnect may replay; further behind is answered with {@code
 *     too-old}; default 10000
 * @param streamTimeout a stream is closed after this long (the client reconnects with
 *     Last-Event-ID); default 30m
 */
@ConfigurationProperties("fleet.changes")
record ChangesProperties(
        String topicTemplate,
        Map<String, Table> tables,
        List<String> deniedColumns,
        Duration heartbeatInterval,
        int clientQueue,
        int maxStreamsPerUser,
        int maxReplay,
        Duration streamTimeout) {

    ChangesProperties {
        topicTemplate = topicTemplate == null ? "fleet.rows.{table}" : topicTemplate;
        tables = tables == null ? Map.of() : Map.copyOf(tables);
        deniedColumns =
                deniedColumns == null
                        ? List.of("secret", "password", "password_hash", "token")
                        : List.copyOf(deniedColumns);
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(15) : heartbeatInterval;
        clientQueue = clientQueue <= 0 ? 256 : clientQueue;
        maxStreamsPerUser = maxStreamsPerUser <= 0 ? 5 : maxStreamsPerUser;
        maxReplay = maxReplay <= 0 ? 10_000 : maxReplay;
        streamTimeout = streamTimeout == null ? Duration.ofMinutes(30) : streamTimeout;
    }

    /**
     * One streamable table.
     *
     * @param idColumn primary key column, matched by {@code ?id=}; default {@code id}
     * @param ownerColumn column holding the owner's {@code sub}; customers see only their rows;
     *     empty: every signed-in user sees every row (products)
     * @param deniedColumns further columns of this table that are never sent; default none
     */
    record Table(String idColumn, String ownerColumn, List<String> deniedColumns) {

        Table {
            idColumn = idColumn == null || idColumn.isBlank() ? "id" : idColumn;
            ownerColumn = ownerColumn == null || ownerColumn.isBlank() ? null : ownerColumn;
            deniedColumns = deniedColumns == null ? List.of() : List.copyOf(deniedColumns);
        }
    }

    String topicFor(String table) {
        return topicTemplate.replace("{table}", table);
    }
}
