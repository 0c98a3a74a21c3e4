package io.outboxfleet.relay.streaming;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.offsets.PostgresOffsetBackingStore;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The embedded Postgres connector's configuration: pgoutput on our publication (never
 * auto-created), the outbox table plus the configured row-change tables, offsets in {@code
 * relay_offsets}. The engine name and topic prefix derive from the slot, so each slot has its own
 * offsets. Heartbeats are logical decoding messages: no table is written to move the slot.
 */
final class DebeziumSettings {

    /** Prefix of the relay's heartbeat messages ({@code pg_logical_emit_message}). */
    static final String HEARTBEAT_PREFIX = "fleet-relay-heartbeat";

    private DebeziumSettings() {}

    /** Name of the engine streaming a slot; its stored offsets are keyed by it. */
    static String engineName(String slot) {
        return "outbox-relay-" + slot;
    }

    /**
     * @param resnapshot start from a snapshot of the outbox whatever the configured snapshot mode
     *     (after a lost slot, with {@code on-lost-slot=resnapshot})
     */
    static Properties of(RelayProperties relay, DatabaseLogin db, boolean resnapshot) {
        PostgresAddress address = db.address();
        Properties p = new Properties();
        p.setProperty("name", engineName(relay.slotName()));
        // Debezium's Postgres connector whose task sleeps while nothing is queued (no idle spin)
        p.setProperty("connector.class", WakingPostgresConnector.class.getName());
        p.setProperty("post.processors", WakingPostgresConnector.POST_PROCESSOR);
        p.setProperty(
                "post.processors." + WakingPostgresConnector.POST_PROCESSOR + ".type",
                WakingPostgresConnector.Wake.class.getName());
        p.setProperty(WakingPostgresConnector.SIGNAL_PROPERTY, engineName(relay.slotName()));
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
        // After a failover the dead relay's walsender can hold the slot for a moment: retry every
        // 500 ms (default 10 s, which alone would break the 2 s start-up goal), for up to 30 s.
        p.setProperty("slot.retry.delay.ms", "500");
        p.setProperty("slot.max.retries", "60");
        p.setProperty("publication.name", relay.publication());
        p.setProperty("publication.autocreate.mode", "disabled");
        String capturedTables = relay.outbox().table();
        p.setProperty(
                "table.include.list",
                capturedTables
                        + relay.rows().tables().stream()
                                .map(t -> "," + t)
                                .collect(Collectors.joining()));
        p.setProperty("snapshot.mode", resnapshot ? "initial" : relay.snapshotMode());
        // Only the outbox is snapshotted: row topics carry committed changes, not a copy of the
        // tables.
        p.setProperty("snapshot.include.collection.list", capturedTables);
        // Values a consumer can read without Debezium: decimals as text, bytes as base64.
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("binary.handling.mode", "base64");
        // Logical decoding messages ignore publications; the relay publishes none of them (its
        // heartbeats still move the stored position, which is what they are for).
        p.setProperty("message.prefix.exclude.list", ".*");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("include.schema.changes", "false");

        p.setProperty("poll.interval.ms", Long.toString(relay.pollInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(relay.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(relay.maxQueueSize()));
        p.setProperty("heartbeat.interval.ms", Long.toString(relay.heartbeatInterval().toMillis()));
        // A non-transactional message: a WAL record every slot decodes, so Debezium sees a new
        // position, stores it and confirms it to Postgres, even when no published table changes.
        p.setProperty(
                "heartbeat.action.query",
                "select pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', '')");
        return p;
    }
}
