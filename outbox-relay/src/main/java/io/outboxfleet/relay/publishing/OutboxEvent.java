package io.outboxfleet.relay.publishing;

import java.time.Instant;
import java.util.Map;

/**
 * One committed outbox row as read from the WAL.
 *
 * @param headers the row's headers jsonb, in order, values as text
 * @param committedAt when Postgres committed the row (Debezium's source {@code ts_ms}); for
 *     snapshot rows, when the snapshot read them
 */
public record OutboxEvent(
        String id,
        String aggregateType,
        String aggregateId,
        String eventType,
        String payload,
        Map<String, String> headers,
        Instant createdAt,
        Instant committedAt,
        Long walLsn) {

    /**
     * The row's position in the write-ahead log as Postgres writes it ({@code 16/B374D848}), or
     * null when the change record carried none.
     */
    public String walPosition() {
        return walLsn == null
                ? null
                : Long.toHexString(walLsn >>> 32).toUpperCase(java.util.Locale.ROOT)
                        + "/"
                        + Long.toHexString(walLsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
