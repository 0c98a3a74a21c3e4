package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectTarget;
import io.outboxfleet.workers.event.FleetEvent;
import io.outboxfleet.workers.event.RecordPosition;
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
 * Table {@code effect_queue}: the planned effects waiting to be done. Only the oldest row of each
 * (effect, target, ordering key) group is ever due, so an event that waits for a retry parks the
 * later events of its aggregate for that effect and target, and nothing else. A worker claims due
 * rows with a short lease ({@code leased_until}, {@code leased_by}) that it renews while it holds
 * them; nothing is locked while a destination is called.
 */
@Repository
public class EffectQueue {

    private static final String ENQUEUE =
            """
            insert into effect_queue (effect, target, destination, ordering_key, event_id, event_type, event_time,
                                      event_subject, payload, traceparent, attempts, attempt_limit, next_attempt_at,
                                      supersedable, kafka_topic, kafka_partition, kafka_offset, wal_position)
            select :effect, :target, :destination, :orderingKey, :eventId, :eventType, :eventTime,
                   :subject, :payload, :traceparent, :attempts, :attemptLimit, :now, :supersedable,
                   :topic, :partition, :offset, :walPosition
            where not exists (select 1 from effect_log l
                              where l.event_id = :eventId and l.effect = :effect and l.target = :target)
            on conflict on constraint effect_queue_once do nothing
            returning id""";

    /**
     * Older full-state upserts of the same group that nobody holds are replaced by the one just
     * queued: settled as superseded (effect_log, so a redelivered record does not queue the old
     * state again).
     */
    private static final String SUPERSEDE_OLDER =
            """
            with gone as (
                delete from effect_queue q
                where q.effect = :effect and q.target = :target and q.ordering_key = :orderingKey
                  and q.supersedable and q.leased_by is null and q.id < :newId and q.event_time <= :eventTime
                returning q.event_id, q.effect, q.target, q.attempts, q.kafka_topic, q.kafka_partition,
                          q.kafka_offset, q.wal_position),
            logged as (
                insert into effect_log (event_id, effect, target, kafka_topic, kafka_partition, kafka_offset,
                                        wal_position)
                select event_id, effect, target, kafka_topic, kafka_partition, kafka_offset, wal_position
                from gone
                on conflict do nothing)
            insert into delivery_attempts (event_id, effect, target, attempt, outcome, error, attempted_at)
            select event_id, effect, target, attempts + 1, 'superseded',
                   'replaced by the newer state of event ' || :newEventId, :now
            from gone""";

    /**
     * Free rows, and rows whose holder's lease ran out; but not right after a Postgres restart
     * (then every lease has run out while the holders are alive and about to write what they did).
     */
    private static final String CLAIM_DUE =
            """
            with due as (
                select q.id, q.leased_by as previous_holder
                from effect_queue q
                where q.next_attempt_at <= :now
                  and (q.leased_by is null
                       or (q.leased_until < :now and q.leased_by <> :worker
                           and pg_postmaster_start_time() < :restartedBefore))
                  and q.destination <> all(:busy)
                  and not exists (select 1 from effect_queue earlier
                                  where earlier.effect = q.effect and earlier.target = q.target
                                    and earlier.ordering_key = q.ordering_key and earlier.id < q.id)
                order by q.next_attempt_at, q.id
                limit :limit
                for update of q skip locked)
            update effect_queue q
            set leased_until = :leaseEnd, leased_by = :worker
            from due
            where q.id = due.id
            returning q.id, q.effect, q.target, q.destination, q.event_id, q.event_type, q.event_time,
                      q.event_subject, q.payload, q.traceparent, q.attempts, q.attempt_limit, due.previous_holder""";

    private static final String RENEW =
            """
            update effect_queue set leased_until = :leaseEnd
            where id = any(:ids) and leased_by = :worker""";

    private static final String RELEASE =
            """
            update effect_queue
            set next_attempt_at = greatest(next_attempt_at, :next), leased_until = null, leased_by = null
            where id = any(:ids) and leased_by = :worker""";

    private static final String EARLIEST_DUE =
            """
            select min(case when q.leased_by is null then q.next_attempt_at
                            else greatest(q.next_attempt_at, q.leased_until) end)
            from effect_queue q
            where not exists (select 1 from effect_queue earlier
                              where earlier.effect = q.effect and earlier.target = q.target
                                and earlier.ordering_key = q.ordering_key and earlier.id < q.id)""";

    private static final String DEPTH = "select count(*) from effect_queue";

    /**
     * A claimed row: one (event, effect, target) to attempt now.
     *
     * @param traceparent the W3C traceparent of the command behind the event, null when the record
     *     had none
     * @param previousHolder the worker that held it before and never settled it (it stopped during
     *     the attempt: its outcome is unknown), or null
     */
    public record Delivery(
            long id,
            String effect,
            String target,
            String destination,
            FleetEvent event,
            String traceparent,
            int attempts,
            int attemptLimit,
            String previousHolder) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EffectQueue(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Queues the planned target unless it is already done or already queued; a full-state upsert
     * supersedes the older queued ones of its group.
     *
     * @param orderingKey the group within (effect, target)
     * @param attempts attempts already made (0, or the dead letter's count on a replay)
     * @param attemptLimit the attempt number after which the effect is given up
     * @param traceparent the record's W3C traceparent, or null
     * @return whether a row was queued
     */
    public boolean enqueue(
            Effect effect,
            EffectTarget planned,
            String orderingKey,
            FleetEvent event,
            String payload,
            String traceparent,
            RecordPosition position,
            int attempts,
            int attemptLimit,
            Instant now) {
        Long id =
                jdbc.sql(ENQUEUE)
                        .param("effect", effect.label())
                        .param("target", planned.target())
                        .param("destination", planned.destination())
                        .param("orderingKey", orderingKey)
                        .param("eventId", event.id())
                        .param("eventType", event.type())
                        .param("eventTime", Timestamp.from(event.time()))
                        .param("subject", event.subject())
                        .param("payload", payload)
                        .param("traceparent", traceparent)
                        .param("attempts", attempts)
                        .param("attemptLimit", attemptLimit)
                        .param("now", Timestamp.from(now))
                        .param("supersedable", planned.fullStateUpsert())
                        .param("topic", position.topic())
                        .param("partition", position.partition())
                        .param("offset", position.offset())
                        .param("walPosition", position.walPosition())
                        .query(Long.class)
                        .optional()
                        .orElse(null);
        if (id != null && planned.fullStateUpsert()) {
            jdbc.sql(SUPERSEDE_OLDER)
                    .param("effect", effect.label())
                    .param("target", planned.target())
                    .param("orderingKey", orderingKey)
                    .param("newId", id)
                    .param("eventTime", Timestamp.from(event.time()))
                    .param("newEventId", event.id().toString())
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return id != null;
    }

    /**
     * Leases up to {@code limit} due group heads whose destination is not busy.
     *
     * @param restartGrace a lease that ran out is taken over only if Postgres has been up this long
     */
    List<Delivery> claimDue(
            int limit,
            Collection<String> busyDestinations,
            Instant now,
            Duration lease,
            Duration restartGrace,
            String worker) {
        return jdbc.sql(CLAIM_DUE)
                .param("now", Timestamp.from(now))
                .param("restartedBefore", Timestamp.from(now.minus(restartGrace)))
                .param("busy", busyDestinations.toArray(String[]::new))
                .param("limit", limit)
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("worker", worker)
                .query(this::delivery)
                .list();
    }

    /** Extends this worker's leases; returns how many it still held. */
    int renew(Collection<Long> ids, Instant leaseEnd, String worker) {
        return jdbc.sql(RENEW)
                .param("ids", ids.toArray(Long[]::new))
                .param("leaseEnd", Timestamp.from(leaseEnd))
                .param("worker", worker)
                .update();
    }

    /** Gives leases back without counting an attempt, due again no sooner than {@code next}. */
    void release(Collection<Long> ids, Instant next, String worker) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql(RELEASE)
                .param("ids", ids.toArray(Long[]::new))
                .param("next", Timestamp.from(next))
                .param("worker", worker)
                .update();
    }

    /** When the next row is due (or its lease runs out), if any. */
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
                rs.getString("effect"),
                rs.getString("target"),
                rs.getString("destination"),
                event,
                rs.getString("traceparent"),
                rs.getInt("attempts"),
                rs.getInt("attempt_limit"),
                rs.getString("previous_holder"));
    }
}
