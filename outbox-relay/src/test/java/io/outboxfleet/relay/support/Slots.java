package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The replication slots of the test cluster, read and abused the way a real outage would. */
public final class Slots {

    private Slots() {}

    /** {@code wal_status} of a slot, or null when it does not exist. */
    public static String walStatus(String slot) {
        return text("select wal_status from pg_replication_slots where slot_name = ?", slot);
    }

    /** The slot's confirmed flush position, or null when it does not exist. */
    public static String confirmedFlushLsn(String slot) {
        return text(
                "select confirmed_flush_lsn::text from pg_replication_slots where slot_name = ?",
                slot);
    }

    /** Whether position a is past position b. */
    public static boolean isAfter(String a, String b) {
        return a != null && "true".equals(text("select (?::pg_lsn > ?::pg_lsn)::text", a, b));
    }

    /** The server's current WAL position. */
    public static String currentLsn() {
        return text("select pg_current_wal_lsn()::text");
    }

    /**
     * Writes WAL that no publication carries (a table outside the relay's publication), as other
     * applications sharing the database would.
     */
    public static void writeUnpublishedWal(int rows) {
        execute(
                "create table if not exists unrelated_writes (id bigserial primary key, filler text)",
                "insert into unrelated_writes (filler) select repeat('x', 200) from generate_series(1, "
                        + rows
                        + ")");
    }

    /**
     * Makes Postgres drop the WAL an inactive slot still needs: {@code max_slot_wal_keep_size}
     * shrunk to 1 MB, WAL written and switched past several segments, then a checkpoint. Returns
     * once the slot's {@code wal_status} is {@code lost}. Restore with {@link
     * #restoreWalKeepSize()}.
     */
    public static void makeLost(String slot) {
        execute("alter system set max_slot_wal_keep_size = '1MB'", "select pg_reload_conf()");
        await("slot " + slot + " lost")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (int i = 0; i < 3; i++) {
                                writeUnpublishedWal(2_000);
                                execute("select pg_switch_wal()");
                            }
                            execute("checkpoint");
                            return "lost".equals(walStatus(slot));
                        });
    }

    public static void restoreWalKeepSize() {
        execute("alter system reset max_slot_wal_keep_size", "select pg_reload_conf()");
    }

    private static String text(String sql, String... params) {
        try (Connection c = OutboxRows.connection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setString(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String... statements) {
        try (Connection c = OutboxRows.connection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
