package io.outboxfleet.relay;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Settings of the outbox relay ({@code fleet.relay.*}). The defaults are bound here; each setting
 * is read from its {@code FLEET_RELAY_*} variable by Spring's relaxed binding ({@code
 * FLEET_RELAY_SLOT_NAME} is {@code fleet.relay.slot-name}). A value the relay cannot work with
 * stops the start with a {@link Misconfiguration} naming the variable.
 *
 * @param slotName logical replication slot the relay streams (FLEET_RELAY_SLOT_NAME); default
 *     {@code fleet_outbox_slot}
 * @param publication Postgres publication read by the slot, never auto-created
 *     (FLEET_RELAY_PUBLICATION); default {@code fleet_outbox}
 * @param snapshotMode Debezium snapshot mode used when no offsets are stored
 *     (FLEET_RELAY_SNAPSHOT_MODE); default {@code initial}
 * @param defaultSource {@code ce_source} of rows whose headers carry none
 *     (FLEET_RELAY_DEFAULT_SOURCE); default {@code /command-service}
 * @param topicTemplate Kafka topic of a row, {@code {aggregateType}} is replaced
 *     (FLEET_RELAY_TOPIC_TEMPLATE); default {@code fleet.{aggregateType}.events}
 * @param outbox the outbox table and its column names
 * @param heartbeatInterval how often an idle relay emits a logical decoding message ({@code
 *     pg_logical_emit_message}, no table written) so the slot's confirmed position advances on an
 *     idle database (FLEET_RELAY_HEARTBEAT_INTERVAL); default 10s
 * @param pollInterval Debezium queue poll interval (FLEET_RELAY_POLL_INTERVAL); default 10ms (its
 *     own default adds 500 ms of latency)
 * @param offsetFlushInterval how often acknowledged offsets are written to {@code relay_offsets}
 *     (FLEET_RELAY_OFFSET_FLUSH_INTERVAL); default 200ms
 * @param maxBatchSize most change records handed to the publisher at once (Debezium {@code
 *     max.batch.size}); one Kafka flush and at most one offset write per batch
 *     (FLEET_RELAY_MAX_BATCH_SIZE); at least 1, default 4096
 * @param maxQueueSize most change records decoded ahead of the publisher (Debezium {@code
 *     max.queue.size}); bounds memory (FLEET_RELAY_MAX_QUEUE_SIZE); more than {@code maxBatchSize},
 *     default 16384
 * @param lockPollInterval how often a standby tries the advisory lock and the active relay checks
 *     its lock session (FLEET_RELAY_LOCK_POLL_INTERVAL); default 2s
 * @param restartDelay pause after the engine died before this relay competes for the lock again
 *     (FLEET_RELAY_RESTART_DELAY); default 10s
 * @param slotLagInterval how often the slot is read (lag, {@code wal_status}) and the oldest
 *     unpublished outbox row measured (FLEET_RELAY_SLOT_LAG_INTERVAL); default 15s
 * @param onLostSlot what to do when the slot is lost or was dropped while offsets are stored
 *     (FLEET_RELAY_ON_LOST_SLOT): {@code fail} (default: report unhealthy, stream nothing, change
 *     nothing) or {@code resnapshot} (drop slot and offsets, publish the outbox table again from a
 *     snapshot)
 * @param retention outbox rows older than this are purged (FLEET_RELAY_RETENTION); default 24h
 * @param retentionInterval how often the purge runs (FLEET_RELAY_RETENTION_INTERVAL); default 10m
 * @param rows row changes of other tables, published as they are (not through the outbox); bound
 *     from {@code fleet.relay.row.*}, so that its variables are FLEET_RELAY_ROW_*
 */
@ConfigurationProperties("fleet.relay")
public record RelayProperties(
        @DefaultValue("fleet_outbox_slot") String slotName,
        @DefaultValue("fleet_outbox") String publication,
        @DefaultValue("initial") String snapshotMode,
        @DefaultValue("/command-service") String defaultSource,
        @DefaultValue("fleet.{aggregateType}.events") String topicTemplate,
        @DefaultValue Outbox outbox,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("10ms") Duration pollInterval,
        @DefaultValue("200ms") Duration offsetFlushInterval,
        @DefaultValue("4096") int maxBatchSize,
        @DefaultValue("16384") int maxQueueSize,
        @DefaultValue("2s") Duration lockPollInterval,
        @DefaultValue("10s") Duration restartDelay,
        @DefaultValue("15s") Duration slotLagInterval,
        @DefaultValue("fail") OnLostSlot onLostSlot,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("10m") Duration retentionInterval,
        @Name("row") @DefaultValue Rows rows) {

    public RelayProperties {
        required(slotName, "FLEET_RELAY_SLOT_NAME");
        required(publication, "FLEET_RELAY_PUBLICATION");
        required(snapshotMode, "FLEET_RELAY_SNAPSHOT_MODE");
        required(defaultSource, "FLEET_RELAY_DEFAULT_SOURCE");
        required(topicTemplate, "FLEET_RELAY_TOPIC_TEMPLATE");
        required(outbox, "FLEET_RELAY_OUTBOX_TABLE");
        interval(heartbeatInterval, "FLEET_RELAY_HEARTBEAT_INTERVAL");
        interval(pollInterval, "FLEET_RELAY_POLL_INTERVAL");
        interval(offsetFlushInterval, "FLEET_RELAY_OFFSET_FLUSH_INTERVAL");
        if (maxBatchSize < 1) {
            throw new Misconfiguration(
                    "FLEET_RELAY_MAX_BATCH_SIZE", "must be at least 1, got " + maxBatchSize);
        }
        if (maxQueueSize <= maxBatchSize) {
            throw new Misconfiguration(
                    "FLEET_RELAY_MAX_QUEUE_SIZE",
                    "("
                            + maxQueueSize
                            + ") must be larger than FLEET_RELAY_MAX_BATCH_SIZE ("
                            + maxBatchSize
                            + ")");
        }
        interval(lockPollInterval, "FLEET_RELAY_LOCK_POLL_INTERVAL");
        interval(restartDelay, "FLEET_RELAY_RESTART_DELAY");
        interval(slotLagInterval, "FLEET_RELAY_SLOT_LAG_INTERVAL");
        required(onLostSlot, "FLEET_RELAY_ON_LOST_SLOT");
        interval(retention, "FLEET_RELAY_RETENTION");
        interval(retentionInterval, "FLEET_RELAY_RETENTION_INTERVAL");
        required(rows, "FLEET_RELAY_ROW_TABLES");
    }

    /** What the relay does when its slot can no longer deliver every change. */
    public enum OnLostSlot {
        /** Report unhealthy, stream nothing, touch neither slot nor offsets. */
        FAIL,
        /** Drop the slot and its offsets, then snapshot the outbox table and stream again. */
        RESNAPSHOT
    }

    /** The Kafka topic of an aggregate type. */
    public String topicFor(String aggregateType) {
        return topicTemplate.replace("{aggregateType}", aggregateType);
    }

    /**
     * The outbox table (schema-qualified) and its columns ({@code fleet.relay.outbox.*}); the
     * defaults are the names of {@code outbox_events}.
     *
     * @param table FLEET_RELAY_OUTBOX_TABLE; default {@code public.outbox_events}
     * @param idColumn uuid, becomes {@code ce_id}; default {@code id}
     * @param aggregateTypeColumn selects the topic; default {@code aggregate_type}
     * @param aggregateIdColumn record key and {@code ce_subject}; default {@code aggregate_id}
     * @param eventTypeColumn {@code ce_type}; default {@code event_type}
     * @param payloadColumn jsonb, the record value; default {@code payload}
     * @param headersColumn jsonb object of extra Kafka headers; default {@code headers}
     * @param createdAtColumn timestamptz, {@code ce_time}; default {@code created_at}
     */
    public record Outbox(
            @DefaultValue("public.outbox_events") String table,
            @DefaultValue("id") String idColumn,
            @DefaultValue("aggregate_type") String aggregateTypeColumn,
            @DefaultValue("aggregate_id") String aggregateIdColumn,
            @DefaultValue("event_type") String eventTypeColumn,
            @DefaultValue("payload") String payloadColumn,
            @DefaultValue("headers") String headersColumn,
            @DefaultValue("created_at") String createdAtColumn) {

        public Outbox {
            required(table, "FLEET_RELAY_OUTBOX_TABLE");
            // the columns have no variable of their own in the docs: named by their property
            required(idColumn, "fleet.relay.outbox.id-column");
            required(aggregateTypeColumn, "fleet.relay.outbox.aggregate-type-column");
            required(aggregateIdColumn, "fleet.relay.outbox.aggregate-id-column");
            required(eventTypeColumn, "fleet.relay.outbox.event-type-column");
            required(payloadColumn, "fleet.relay.outbox.payload-column");
            required(headersColumn, "fleet.relay.outbox.headers-column");
            required(createdAtColumn, "fleet.relay.outbox.created-at-column");
        }
    }

    /**
     * Tables whose committed row changes are published to Kafka as they are, one topic per table
     * ({@code fleet.relay.row.*}). The relay knows nothing of them beyond these names; they must be
     * in the publication.
     *
     * @param tables schema-qualified tables (FLEET_RELAY_ROW_TABLES); default {@code public.orders,
     *     public.products, public.documents}; empty: none
     * @param topicTemplate topic of a table's changes, {@code {table}} is replaced by the bare
     *     table name (FLEET_RELAY_ROW_TOPIC_TEMPLATE); default {@code fleet.rows.{table}}
     */
    public record Rows(
            @DefaultValue({"public.orders", "public.products", "public.documents"})
                    List<String> tables,
            @DefaultValue("fleet.rows.{table}") String topicTemplate) {

        public Rows {
            // set but empty means no table
            tables =
                    tables == null
                            ? List.of()
                            : tables.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
            required(topicTemplate, "FLEET_RELAY_ROW_TOPIC_TEMPLATE");
        }

        /** The topic of a table's row changes. */
        public String topicFor(String table) {
            return topicTemplate.replace("{table}", table);
        }
    }

    /** A value that is set but empty (a default never is) cannot name a slot, table or topic. */
    private static void required(Object value, String variable) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new Misconfiguration(
                    variable, "is set but empty; leave it unset for the default");
        }
    }

    private static void interval(Duration value, String variable) {
        required(value, variable);
        if (value.isNegative()) {
            throw new Misconfiguration(variable, "must not be negative, got " + value);
        }
    }
}
