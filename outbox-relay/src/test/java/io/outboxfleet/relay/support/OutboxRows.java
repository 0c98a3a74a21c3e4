package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/** Test-side SQL: outbox rows written the way the command side would, slots dropped after tests. */
public final class OutboxRows {

    private static final String INSERT =
            """
            insert into outbox_events (id, aggregate_type, aggregate_id, event_type, payload, headers)
            values (?, ?, ?, ?, ?::jsonb, ?::jsonb)""";

    private OutboxRows() {}

    /** Inserts and commits one row; returns its id. */
    public static String insert(
            String aggregateType,
            String aggregateId,
            String eventType,
            String payload,
            String headers) {
        try (Connection c = connection()) {
            return insert(c, aggregateType, aggregateId, eventType, payload, headers);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String insert(
            Connection c,
            String aggregateType,
            String aggregateId,
            String eventType,
            String payload,
            String headers)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setObject(1, UUID.fromString(id));
            insert.setString(2, aggregateType);
            insert.setString(3, aggregateId);
            insert.setString(4, eventType);
            insert.setString(5, payload);
            insert.setString(6, headers);
            insert.executeUpdate();
        }
        return id;
    }

    /**
     * Commits {@code count} rows of one aggregate type in transactions of up to 1,000 rows, as a
     * busy command side would; returns their ids.
     */
    public static java.util.List<String> insertMany(String aggregateType, int count) {
        java.util.List<String> ids = new java.util.ArrayList<>(count);
        try (Connection c = connection();
                PreparedStatement insert =
                        c.prepareStatement(
                                """
                                insert into outbox_events (aggregate_type, aggregate_id, event_type, payload)
                                select ?, 'agg-' || (n % 50), 'thing.happened', jsonb_build_object('n', n)
                                  from generate_series(?, ?) n
                                returning id::text""")) {
            for (int from = 0; from < count; from += 1_000) {
                insert.setString(1, aggregateType);
                insert.setInt(2, from);
                insert.setInt(3, Math.min(count, from + 1_000) - 1);
                try (java.sql.ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Deletes every row of an aggregate type. */
    public static void deleteAll(String aggregateType) {
        try (Connection c = connection();
                PreparedStatement delete =
                        c.prepareStatement("delete from outbox_events where aggregate_type = ?")) {
            delete.setString(1, aggregateType);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection connection() throws SQLException {
        return PostgresServer.shared().superuserConnection();
    }

    /** Drops a test slot once no relay streams it any more. */
    public static void dropSlot(String slot) {
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(
                        () -> {
                            try (Connection c = connection();
                                    PreparedStatement drop =
                                            c.prepareStatement(
                                                    "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ?")) {
                                drop.setString(1, slot);
                                drop.executeQuery().close();
                                return true;
                            }
                        });
    }

    /** A slot name no other test uses. */
    public static String uniqueSlot(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An aggregate type no other test uses, so each test reads its own topic. */
    public static String uniqueAggregateType(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
