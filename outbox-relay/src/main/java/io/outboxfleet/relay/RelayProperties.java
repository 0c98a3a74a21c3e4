package io.outboxfleet.relay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay ({@code fleet.relay.*}, environment variables {@code
 * FLEET_RELAY_*}). Defaults live in {@code application.yml}; each is repeated here.
 *
 * @param slotName logical replication slot the relay streams; default {@code fleet_outbox_slot}
 * @param publication Postgres publication read by the slot (never auto-created); default {@code
 *     fleet_outbox}
 * @param snapshotMode Debezium snapshot mode used when no offsets are stored; default {@code
 *     initial}
 * @param defaultSource {@code ce_source} of rows whose headers carry none; default {@code
 *     /command-service}
 * @param topicTemplate Kafka topic of a row, {@code {aggregateType}} is replaced; default {@code
 *     fleet.{aggregateType}.events}
 * @param outbox the outbox table and its column names
 * @param heartbeatInterval how often an idle relay emits a logical decoding message ({@code
 *     pg_logical_emit_message}, no table written) so the slot's confirmed position advances on an
 *     idle database; default 10s
 * @param pollInterval Debezium queue poll interval; default 10ms (its own default adds 500 ms of
 *     latency)
 * @param offsetFlushInterval how often acknowledged offsets are written to {@code relay_offsets};
 *     default 200ms
 * @param maxBatchSize most change records handed to the publisher at once (Debezium {@code
 *     max.batch.size}); one Kafka flush and at most one offset write per batch; default 4096
 * @param maxQueueSize most change records decoded ahead of the publisher (Debezium {@code
 *     max.queue.size}, more than {@code maxBatchSize}); bounds memory; default 16384
 * @param lockPollInterval how often a standby tries the advisory lock and the active relay checks
 *     its lock session; default 2s
 * @param restartDelay pause after the engine died before this relay competes for the lock again;
 *     default 10s
 * @param slotLagInterval how often the slot is read (lag, {@code wal_status}) and the oldest
 *     unpublished outbox row measured; default 15s
 * @param onLostSlot what to do when the slot is lost or was dropped while offsets are stored:
 *     {@code fail} (default: report unhealthy, stream nothing, change nothing) or {@code
 *     resnapshot} (drop slot and offsets, publish the outbox table again from a snapshot)
 * @param retention outbox rows older than this are purged; default 24h
 * @param retentionInterval how often the purge runs; default 10m
 * @param rows row changes of other tables, published as they are (not through the outbox)
 */
@ConfigurationProperties("fleet.relay")
public record RelayProperties(
        String slotName,
        String publication,
        String snapshotMode,
        String defaultSource,
        String topicTemplate,
        Outbox outbox,
        Duration heartbeatInterval,
        Duration pollInterval,
        Duration offsetFlushInterval,
        int maxBatchSize,
        int maxQueueSize,
        Duration lockPollInterval,
        Duration restartDelay,
        Duration slotLagInterval,
        OnLostSlot onLostSlot,
        Duration retention,
        Duration retentionInterval,
        Rows rows) {

    public RelayProperties {
        Objects.requireNonNull(slotName, "fleet.relay.slot-name");
        Objects.requireNonNull(publication, "fleet.relay.publication");
        Objects.requireNonNull(snapshotMode, "fleet.relay.snapshot-mode");
        Objects.requireNonNull(defaultSource, "fleet.relay.default-source");
        Objects.requireNonNull(topicTemplate, "fleet.relay.topic-template");
        Objects.requireNonNull(outbox, "fleet.relay.outbox");
        Objects.requireNonNull(heartbeatInterval, "fleet.relay.heartbeat-interval");
        Objects.requireNonNull(pollInterval, "fleet.relay.poll-interval");
        Objects.requireNonNull(offsetFlushInterval, "fleet.relay.offset-flush-interval");
        if (maxBatchSize < 1 || maxQueueSize <= maxBatchSize) {
            throw new IllegalArgumentException(
                    "fleet.relay.max-queue-size ("
                            + maxQueueSize
                            + ") must be larger than fleet.relay.max-batch-size ("
                            + maxBatchSize
                            + "), which must be positive");
        }
        Objects.requireNonNull(lockPollInterval, "fleet.relay.lock-poll-interval");
        Objects.requireNonNull(restartDelay, "fleet.relay.restart-delay");
        Objects.requireNonNull(slotLagInterval, "fleet.relay.slot-lag-interval");
        if (onLostSlot == null) {
            onLostSlot = OnLostSlot.FAIL;
        }
        Objects.requireNonNull(retention, "fleet.relay.retention");
        Objects.requireNonNull(retentionInterval, "fleet.relay.retention-interval");
        if (rows == null) {
            rows = new Rows(List.of(), "fleet.rows.{table}");
        }
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
     * The outbox table (schema-qualified) and its columns; defaults are the names of {@code
     * outbox_events}.
     *
     * @param table default {@code public.outbox_events}
     * @param idColumn uuid, becomes {@code ce_id}; default {@code id}
     * @param aggregateTypeColumn selects the topic; default {@code aggregate_type}
     * @param aggregateIdColumn record key and {@code ce_subject}; default {@code aggregate_id}
     * @param eventTypeColumn {@code ce_type}; default {@code event_type}
     * @param payloadColumn jsonb, the record value; default {@code payload}
     * @param headersColumn jsonb object of extra Kafka headers; default {@code headers}
     * @param createdAtColumn timestamptz, {@code ce_time}; default {@code created_at}
     */
    public record Outbox(
            String table,
            String idColumn,
            String aggregateTypeColumn,
            String aggregateIdColumn,
            String eventTypeColumn,
            String payloadColumn,
            String headersColumn,
            String createdAtColumn) {

        public Outbox {
            Objects.requireNonNull(table, "fleet.relay.outbox.table");
            Objects.requireNonNull(idColumn, "fleet.relay.outbox.id-column");
            Objects.requireNonNull(aggregateTypeColumn, "fleet.relay.outbox.aggregate-type-column");
            Objects.requireNonNull(aggregateIdColumn, "fleet.relay.outbox.aggregate-id-column");
            Objects.requireNonNull(eventTypeColumn, "fleet.relay.outbox.event-type-column");
            Objects.requireNonNull(payloadColumn, "fleet.relay.outbox.payload-column");
            Objects.requireNonNull(headersColumn, "fleet.relay.outbox.headers-column");
            Objects.requireNonNull(createdAtColumn, "fleet.relay.outbox.created-at-column");
        }
    }

    /**
     * Tables whose committed row changes are published to Kafka as they are, one topic per table.
     * The relay knows nothing of them beyond these names; they must be in the publication.
     *
     * @param tables schema-qualified tables; default {@code public.orders, public.products,
     *     public.documents} (application.yml); empty: none
     * @param topicTemplate topic of a table's changes, {@code {table}} is replaced by the bare
     *     table name; default {@code fleet.rows.{table}}
     */
    public record Rows(List<String> tables, String topicTemplate) {

        public Rows {
            tables =
                    tables == null
                            ? List.of()
                            : tables.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
            Objects.requireNonNull(topicTemplate, "fleet.relay.rows.topic-template");
        }

        /** The topic of a table's row changes. */
        public String topicFor(String table) {
            return topicTemplate.replace("{table}", table);
        }
    }
}
