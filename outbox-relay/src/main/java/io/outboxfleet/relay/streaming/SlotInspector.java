package io.outboxfleet.relay.streaming;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the relay's replication slot and its stored offsets, and (only when re-snapshotting after a
 * lost slot was configured) removes both. Offsets are keyed by the engine name {@code
 * outbox-relay-<slot>}.
 */
public class SlotInspector {

    private static final String SLOT =
            """
            select wal_status,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint as lag_bytes,
                   safe_wal_size,
                   confirmed_flush_lsn::text as confirmed_flush_lsn
              from pg_replication_slots
             where slot_name = :slot""";
    private static final String OFFSETS_STORED =
            """
            select exists (select 1 from relay_offsets
                            where position(:engine in convert_from(offset_key, 'UTF8')) > 0)""";
    private static final String DELETE_OFFSETS =
            """
            delete from relay_offsets where position(:engine in convert_from(offset_key, 'UTF8')) > 0""";
    private static final String DROP_SLOT =
            """
            select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = :slot""";

    private final JdbcClient jdbc;
    private final String slot;

    public SlotInspector(JdbcClient jdbc, String slot) {
        this.jdbc = jdbc;
        this.slot = slot;
    }

    public String slot() {
        return slot;
    }

    /** The slot now; {@link SlotState#missing()} when it does not exist. */
    public SlotState read() {
        return jdbc.sql(SLOT)
                .param("slot", slot)
                .query(
                        (rs, n) ->
                                new SlotState(
                                        true,
                                        rs.getString("wal_status"),
                                        (Long) rs.getObject("lag_bytes"),
                                        (Long) rs.getObject("safe_wal_size"),
                                        rs.getString("confirmed_flush_lsn")))
                .optional()
                .orElse(SlotState.missing());
    }

    /** Whether Debezium stored offsets for this slot's engine (it streamed it before). */
    boolean offsetsStored() {
        return Boolean.TRUE.equals(
                jdbc.sql(OFFSETS_STORED)
                        .param("engine", engineKey())
                        .query(Boolean.class)
                        .single());
    }

    /** Drops the slot (if it exists) and its stored offsets: the next start snapshots again. */
    void forget() {
        jdbc.sql(DROP_SLOT).param("slot", slot).query((rs, n) -> 1).list();
        jdbc.sql(DELETE_OFFSETS).param("engine", engineKey()).update();
    }

    private String engineKey() {
        return "\"" + DebeziumSettings.engineName(slot) + "\"";
    }
}
