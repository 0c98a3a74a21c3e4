package io.outboxfleet.relay.streaming;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.offsets.PostgresOffsetBackingStore;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The embedded Postgres connector's configuration: pgoutput on our publication (never
 * auto-created), the outbox and heartbeat tables plus the configured row-change tables, offsets in
 * {@code relay_offsets}. The engine name and topic prefix derive from the slot, so each slot has
 * its own offsets.
 */
final class DebeziumSettings {

    private DebeziumSettings() {}

    static Properties of(RelayProperties relay, DatabaseLogin db) {
        PostgresAddress address = db.address();
        Properties p = new Properties();
        p.setProperty("name", "outbox-relay-" + relay.slotName());
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("tasks.max", "1");
        p.setProperty("topic.prefix", "outbox-relay-" + relay.slotName());

        p.setProperty("offset.storage", PostgresOffsetBackingStore.class.getName());
        p.setProperty(PostgresOffsetBackingStore.URL, db.url());
        p.setProperty(PostgresOffsetBackingStore.USER, db.user());
        p.setProperty(PostgresOffsetBackingStore.PASSWORD, db.password());
        p.setProperty(
                "offset.flush.interval.ms", Long.toString(relay.offsetFlushInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");

        p.setProperty("database.hostname", address.host());
        p.setProperty("database.port", Integer.toString(address.port()));
        p.setProperty("database.dbname", address.database());
        p.setProperty("database.user", db.user());
        p.setProperty("database.password", db.password());
        p.setProperty("database.tcpKeepAlive", "true");

        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", relay.slotName());
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("publication.name", relay.publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        String capturedTables = relay.outbox().table() + "," + relay.heartbeatTable();
        p.setProperty(
                "table.include.list",
                capturedTables
                        + relay.rows().tables().stream()
                                .map(t -> "," + t)
                                .collect(Collectors.joining()));
        p.setProperty("snapshot.mode", relay.snapshotMode());
        // Only the outbox is snapshotted: row topics carry committed changes, not a copy of the
        // tables.
        p.setProperty("snapshot.include.collection.list", capturedTables);
        // Values a consumer can read without Debezium: decimals as text, bytes as base64.
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("binary.handling.mode", "base64");
        // Logical decoding messages ignore publications; the relay publishes none of them.
        p.setProperty("message.prefix.exclude.list", ".*");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("include.schema.changes", "false");

        p.setProperty("poll.interval.ms", Long.toString(relay.pollInterval().toMillis()));
        p.setProperty("heartbeat.interval.ms", Long.toString(relay.heartbeatInterval().toMillis()));
        p.setProperty(
                "heartbeat.action.query",
                "insert into "
                        + relay.heartbeatTable()
                        + " (id, beat_at) values (1, now())"
                        + " on conflict (id) do update set beat_at = excluded.beat_at");
        return p;
    }
}
