package io.outboxfleet.relay.streaming;

/**
 * The relay's replication slot as Postgres reports it in {@code pg_replication_slots}.
 *
 * @param exists false when no slot of that name exists (before the first start, or dropped)
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}; null
 *     when the slot does not exist
 * @param lagBytes WAL between the server's current position and the slot's confirmed flush
 *     position; null when unknown
 * @param safeWalSizeBytes WAL that may still be written before the slot is in danger of being lost
 *     ({@code safe_wal_size}); null when {@code max_slot_wal_keep_size} is unlimited
 * @param confirmedFlushLsn the position the relay last confirmed; null when unknown
 */
public record SlotState(
        boolean exists,
        String walStatus,
        Long lagBytes,
        Long safeWalSizeBytes,
        String confirmedFlushLsn) {

    /** The values {@code wal_status} can take (Postgres 13+). */
    public static final java.util.List<String> WAL_STATUSES =
            java.util.List.of("reserved", "extended", "unreserved", "lost");

    static SlotState missing() {
        return new SlotState(false, null, null, null, null);
    }

    /** Postgres removed WAL the slot still needed: changes since it cannot be streamed. */
    public boolean lost() {
        return exists && "lost".equals(walStatus);
    }

    /**
     * The slot holds more WAL than {@code max_wal_size}: the next checkpoints may remove WAL it
     * needs (it is lost once more than {@code max_slot_wal_keep_size} is behind).
     */
    public boolean unreserved() {
        return exists && "unreserved".equals(walStatus);
    }
}
