package io.outboxfleet.workers.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The overview's numbers, read straight from Postgres: the replication slot, the outbox, the effect
 * queue, the delivery attempts and the dead letters. Read only.
 */
@Repository
class OverviewQueries {

    private static final String SLOT =
            """
            select slot_name, active, wal_status,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint as lag_bytes,
                   confirmed_flush_lsn::text as confirmed_lsn
              from pg_replication_slots
             where slot_name = :slot""";

    /**
     * Age of the oldest committed outbox row Kafka has not acknowledged yet, as the relay's gauge
     * {@code fleet_outbox_oldest_unpublished_age_seconds} computes it: rows newer than the newest
     * one the relay recorded as published ({@code relay_published}) for the slot.
     */
    private static final String OLDEST_UNPUBLISHED =
            """
            select extract(epoch from (now() - min(o.created_at)))::bigint
              from outbox_events o
             where o.created_at > (select last_created_at from relay_published where slot_name = :slot)""";

    private static final String RELAY_POSITION_KNOWN =
            "select count(*) > 0 from relay_published where slot_name = :slot";

    /**
     * Per effect over the last 5 minutes: attempts, failures (failure or dead_letter), successes,
     * and the p99 from the event's commit (outbox created_at, while the row is kept) to the
     * success.
     */
    private static final String EFFECTS =
            """
            select a.effect,
                   count(*) filter (where a.outcome in ('success', 'failure', 'dead_letter')) as attempts,
                   count(*) filter (where a.outcome = 'success') as successes,
                   count(*) filter (where a.outcome in ('failure', 'dead_letter')) as failures,
                   percentile_cont(0.99) within group (
                       order by extract(epoch from (a.attempted_at - o.created_at))::float8)
                       filter (where a.outcome = 'success' and o.id is not null) as p99_seconds
              from delivery_attempts a
              left join outbox_events o on o.id = a.event_id
             where a.attempted_at > now() - interval '5 minutes'
             group by a.effect
             order by a.effect""";

    private static final String QUEUE_DEPTH =
            """
            select effect, count(*) as depth, count(*) filter (where attempts > 0) as retrying
              from effect_queue group by effect order by effect""";

    private static final String DEAD_LETTERS =
            "select count(*) from dead_letters where replayed_at is null";

    private static final String ENDPOINTS_DISABLED =
            "select count(*) from webhook_endpoints where not enabled";

    /** The relay's slot as Postgres sees it. */
    record Slot(
            String name, boolean active, String walStatus, Long lagBytes, String confirmedLsn) {}

    /**
     * @param perSecond successes per second over the window
     * @param failureRatio failed attempts / attempts, 0 to 1 (0 without attempts)
     * @param p99Seconds null when no success in the window could be timed (the outbox row is gone)
     */
    record EffectRate(
            String effect,
            long attempts,
            long successes,
            long failures,
            double perSecond,
            double failureRatio,
            Double p99Seconds) {}

    record QueueDepth(String effect, long depth, long retrying) {}

    private final JdbcClient jdbc;

    OverviewQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Slot> slot(String name) {
        return jdbc.sql(SLOT).param("slot", name).query(this::mapSlot).optional();
    }

    /** Empty when the relay has published nothing yet; zero seconds when nothing waits. */
    Optional<Duration> oldestUnpublished(String slot) {
        if (!jdbc.sql(RELAY_POSITION_KNOWN).param("slot", slot).query(Boolean.class).single()) {
            return Optional.empty();
        }
        Long seconds =
                jdbc.sql(OLDEST_UNPUBLISHED)
                        .param("slot", slot)
                        .query(Long.class)
                        .optional()
                        .orElse(null);
        return Optional.of(Duration.ofSeconds(seconds == null ? 0 : Math.max(0, seconds)));
    }

    List<EffectRate> effects() {
        return jdbc.sql(EFFECTS).query(this::effect).list();
    }

    List<QueueDepth> queue() {
        return jdbc.sql(QUEUE_DEPTH)
                .query(
                        (rs, n) ->
                                new QueueDepth(
                                        rs.getString("effect"),
                                        rs.getLong("depth"),
                                        rs.getLong("retrying")))
                .list();
    }

    long deadLetters() {
        return jdbc.sql(DEAD_LETTERS).query(Long.class).single();
    }

    long disabledEndpoints() {
        return jdbc.sql(ENDPOINTS_DISABLED).query(Long.class).single();
    }

    private Slot mapSlot(ResultSet rs, int row) throws SQLException {
        return new Slot(
                rs.getString("slot_name"),
                rs.getBoolean("active"),
                rs.getString("wal_status"),
                (Long) rs.getObject("lag_bytes"),
                rs.getString("confirmed_lsn"));
    }

    private EffectRate effect(ResultSet rs, int row) throws SQLException {
        double p99 = rs.getDouble("p99_seconds");
        Double p99Seconds = rs.wasNull() ? null : p99;
        long attempts = rs.getLong("attempts");
        long successes = rs.getLong("successes");
        long failures = rs.getLong("failures");
        return new EffectRate(
                rs.getString("effect"),
                attempts,
                successes,
                failures,
                successes / 300.0,
                attempts == 0 ? 0 : (double) failures / attempts,
                p99Seconds);
    }
}
