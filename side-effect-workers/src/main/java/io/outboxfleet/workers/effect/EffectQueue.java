package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.event.FleetEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/**
 * Table {@code effect_queue}: the effects waiting to be done. Only the oldest row of each (effect,
 * target, ordering key) group is ever due, so an event that waits for a retry parks the later
 * events of its aggregate for that effect and target, and nothing else.
 */
@Repository
class EffectQueue {

    private static final String ENQUEUE =
            """
            insert into effect_queue (effect, target, destination, ordering_key, event_id, event_type, event_time,
                                      event_subject, payload, traceparent, attempts, attempt_limit, next_attempt_at)
            select :effect, :target, :destination, :orderingKey, :eventId, :eventType, :eventTime,
                   :subject, :payload, :traceparent, :attempts, :attemptLimit, :now
            where not exists (select 1 from effect_log l
                              where l.event_id = :eventId and l.effect = :effect and l.target = :target)
            on conflict on constraint effect_queue_once do nothing""";

    private static final String CLAIM_DUE =
            """
            with due as (
                select q.id
                from effect_queue q
                where q.next_attempt_at <= :now
                  and (q.leased_until is null or q.leased_until < :now)
                  and q.destination <> all(:busy)
                  and not exists (select 1 from effect_queue earlier
                                  where earlier.effect = q.effect and earlier.target = q.target
                                    and earlier.ordering_key = q.ordering_key and earlier.id < q.id)
                order by q.next_attempt_at, q.id
                limit :limit
                for update skip locked)
            update effect_queue q
            set leased_until = :leaseEnd, leased_by = :worker
            from due
            where q.id = due.id
            returning q.id, q.effect, q.target, q.destination, q.event_id, q.event_type, q.event_time,
                      q.event_subject, q.payload, q.traceparent, q.attempts, q.attempt_limit""";

    private static final String DELETE = "delete from effect_queue where id = :id";

    private static final String RESCHEDULE =
            """
            update effect_queue
            set attempts = :attempts, next_attempt_at = :next, leased_until = null, leased_by = null,
                last_error = :error
            where id = :id""";

    private static final String RELEASE =
            """
            update effect_queue
            set next_attempt_at = :next, leased_until = null, leased_by = null
            where id = :id""";

    private static final String EARLIEST_DUE = "select min(next_attempt_at) from effect_queue";

    private static final String DEPTH = "select count(*) from effect_queue";

    /**
     * A claimed row: one (event, effect, target) to attempt now.
     *
     * @param traceparent the W3C traceparent of the command behind the event, null when the record
     *     had none
     */
    record Delivery(
            long id,
            Effect effect,
            String target,
            String destination,
            FleetEvent event,
            String traceparent,
            int attempts,
            int attemptLimit) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EffectQueue(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Queues the action unless it is already done or already queued.
     *
     * @param attempts attempts already made (0, or the dead letter's count on a replay)
     * @param attemptLimit the attempt number after which the effect is given up
     * @param traceparent the record's W3C traceparent, or null
     */
    void enqueue(
            Effect effect,
            EffectAction action,
            String orderingKey,
            FleetEvent event,
            String traceparent,
            int attempts,
            int attemptLimit,
            Instant now) {
        jdbc.sql(ENQUEUE)
                .param("effect", effect.label())
                .param("target", action.target())
                .param("destination", action.destination())
                .param("orderingKey", orderingKey)
                .param("eventId", event.id())
                .param("eventType", event.type())
                .param("eventTime", Timestamp.from(event.time()))
                .param("subject", event.subject())
                .param("payload", json.writeValueAsString(event.payload()))
                .param("traceparent", traceparent)
                .param("attempts", attempts)
                .param("attemptLimit", attemptLimit)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Leases up to {@code limit} due group heads whose destination is not busy. */
    List<Delivery> claimDue(
            int limit,
            Collection<String> busyDestinations,
            Instant now,
            Duration lease,
            String worker) {
        return jdbc.sql(CLAIM_DUE)
                .param("now", Timestamp.from(now))
                .param("busy", busyDestinations.toArray(String[]::new))
                .param("limit", limit)
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("worker", worker)
                .query(this::delivery)
                .list();
    }

    void delete(long id) {
        jdbc.sql(DELETE).param("id", id).update();
    }

    /** A failed attempt: counts it and makes the row due again at {@code next}. */
    void reschedule(long id, int attempts, Instant next, String error) {
        jdbc.sql(RESCHEDULE)
                .param("id", id)
                .param("attempts", attempts)
                .param("next", Timestamp.from(next))
                .param("error", error)
                .update();
    }

    /**
     * Gives the lease back without counting an attempt (circuit open, destination busy, shutting
     * down).
     */
    void release(long id, Instant next) {
        jdbc.sql(RELEASE).param("id", id).param("next", Timestamp.from(next)).update();
    }

    /** When the next row is due, if any. */
    Instant earliestDue() {
        OffsetDateTime earliest =
                jdbc.sql(EARLIEST_DUE).query(OffsetDateTime.class).optional().orElse(null);
        return earliest == null ? null : earliest.toInstant();
    }

    long depth() {
        return jdbc.sql(DEPTH).query(Long.class).single();
    }

    private Delivery delivery(ResultSet rs, int row) throws SQLException {
        FleetEvent event =
                new FleetEvent(
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getObject("event_time", OffsetDateTime.class).toInstant(),
                        rs.getString("event_subject"),
                        json.readTree(rs.getString("payload")));
        return new Delivery(
                rs.getLong("id"),
                Effect.valueOf(rs.getString("effect").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("target"),
                rs.getString("destination"),
                event,
                rs.getString("traceparent"),
                rs.getInt("attempts"),
                rs.getInt("attempt_limit"));
    }
}
