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

    /**
     * The planned rows of one intake batch, in record order (ids follow it, and a group delivers in
     * id order), minus those already done or already queued.
     */
    private static final String ENQUEUE_ALL =
            """
            insert into effect_queue (effect, target, destination, ordering_key, event_id, event_type, event_time,
                                      event_subject, payload, traceparent, attempts, attempt_limit, next_attempt_at,
                                      supersedable, kafka_topic, kafka_partition, kafka_offset, wal_position)
            select p.effect, p.target, p.destination, p.ordering_key, p.event_id, p.event_type, p.event_time,
                   p.event_subject, p.payload, p.traceparent, p.attempts, p.attempt_limit, :now,
                   p.supersedable, p.kafka_topic, p.kafka_partition, p.kafka_offset, p.wal_position
              from unnest(cast(:effects as text[]), cast(:targets as text[]), cast(:destinations as text[]),
                          cast(:orderingKeys as text[]), cast(:eventIds as uuid[]), cast(:eventTypes as text[]),
                          cast(:eventTimes as timestamptz[]), cast(:subjects as text[]), cast(:payloads as text[]),
                          cast(:traceparents as text[]), cast(:attempts as int[]), cast(:attemptLimits as int[]),
                          cast(:supersedable as boolean[]), cast(:topics as text[]), cast(:partitions as int[]),
                          cast(:offsets as bigint[]), cast(:walPositions as text[]))
                   with ordinality as p(effect, target, destination, ordering_key, event_id, event_type, event_time,
                                        event_subject, payload, traceparent, attempts, attempt_limit, supersedable,
                                        kafka_topic, kafka_partition, kafka_offset, wal_position, n)
             where not exists (select 1 from effect_log l
                               where l.event_id = p.event_id and l.effect = p.effect and l.target = p.target)
             order by p.n
            on conflict on constraint effect_queue_once do nothing
            returning id, effect, target, ordering_key, event_time, event_id, supersedable""";

    /**
     * Older full-state upserts of the same group that nobody holds are replaced by a newer one just
     * queued: settled as superseded (effect_log, so a redelivered record does not queue the old
     * state again). A row just queued can itself be replaced by a newer one of the same batch.
     */
    private static final String SUPERSEDE_OLDER =
            """
            with newer as (
                select * from unnest(cast(:ids as bigint[]), cast(:effects as text[]), cast(:targets as text[]),
                                     cast(:orderingKeys as text[]), cast(:eventTimes as timestamptz[]),
                                     cast(:eventIds as text[]))
                              as n(id, effect, target, ordering_key, event_time, event_id)),
            gone as (
                delete from effect_queue q
                using newer n
                where q.effect = n.effect and q.target = n.target and q.ordering_key = n.ordering_key
                  and q.supersedable and q.leased_by is null and q.id < n.id and q.event_time <= n.event_time
                returning q.event_id, q.effect, q.target, q.attempts, q.kafka_topic, q.kafka_partition,
                          q.kafka_offset, q.wal_position, n.event_id as newer_event_id),
            logged as (
                insert into effect_log (event_id, effect, target, kafka_topic, kafka_partition, kafka_offset,
                                        wal_position)
                select event_id, effect, target, kafka_topic, kafka_partition, kafka_offset, wal_position
                from gone
                on conflict do nothing)
            insert into delivery_attempts (event_id, effect, target, attempt, outcome, error, attempted_at)
            select event_id, effect, target, attempts + 1, 'superseded',
                   'replaced by the newer state of event ' || newer_event_id, :now
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
     * One planned row: an event's effect for one target.
     *
     * @param orderingKey the group within (effect, target)
     * @param traceparent the record's W3C traceparent, or null
     * @param attempts attempts already made (0, or the dead letter's count on a replay)
     * @param attemptLimit the attempt number after which the effect is given up
     */
    public record Planned(
            Effect effect,
            EffectTarget target,
            String orderingKey,
            FleetEvent event,
            String payload,
            String traceparent,
            RecordPosition position,
            int attempts,
            int attemptLimit) {}

    /**
     * Queues the planned rows, in their order, unless already done or already queued (two
     * statements whatever their number); a full-state upsert supersedes the older queued ones of
     * its group.
     *
     * @return how many rows were queued
     */
    public int enqueueAll(List<Planned> rows, Instant now) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Queued> queued =
                jdbc.sql(ENQUEUE_ALL)
                        .param(
                                "effects",
                                SqlArrays.column(rows, r -> r.effect().label(), String[]::new))
                        .param(
                                "targets",
                                SqlArrays.column(rows, r -> r.target().target(), String[]::new))
                        .param(
                                "destinations",
                                SqlArrays.column(
                                        rows, r -> r.target().destination(), String[]::new))
                        .param(
                                "orderingKeys",
                                SqlArrays.column(rows, Planned::orderingKey, String[]::new))
                        .param(
                                "eventIds",
                                SqlArrays.column(
                                        rows, r -> r.event().id().toString(), String[]::new))
                        .param(
                                "eventTypes",
                                SqlArrays.column(rows, r -> r.event().type(), String[]::new))
                        .param(
                                "eventTimes",
                                SqlArrays.column(
                                        rows, r -> r.event().time().toString(), String[]::new))
                        .param(
                                "subjects",
                                SqlArrays.column(rows, r -> r.event().subject(), String[]::new))
                        .param("payloads", SqlArrays.column(rows, Planned::payload, String[]::new))
                        .param(
                                "traceparents",
                                SqlArrays.column(rows, Planned::traceparent, String[]::new))
                        .param(
                                "attempts",
                                SqlArrays.column(rows, Planned::attempts, Integer[]::new))
                        .param(
                                "attemptLimits",
                                SqlArrays.column(rows, Planned::attemptLimit, Integer[]::new))
                        .param(
                                "supersedable",
                                SqlArrays.column(
                                        rows, r -> r.target().fullStateUpsert(), Boolean[]::new))
                        .param(
                                "topics",
                                SqlArrays.column(rows, r -> r.position().topic(), String[]::new))
                        .param(
                                "partitions",
                                SqlArrays.column(
                                        rows, r -> r.position().partition(), Integer[]::new))
                        .param(
                                "offsets",
                                SqlArrays.column(rows, r -> r.position().offset(), Long[]::new))
                        .param(
                                "walPositions",
                                SqlArrays.column(
                                        rows, r -> r.position().walPosition(), String[]::new))
                        .param("now", Timestamp.from(now))
                        .query(
                                (rs, n) ->
                                        new Queued(
                                                rs.getLong("id"),
                                                rs.getString("effect"),
                                                rs.getString("target"),
                                                rs.getString("ordering_key"),
                                                rs.getString("event_time"),
                                                rs.getString("event_id"),
                                                rs.getBoolean("supersedable")))
                        .list();
        List<Queued> upserts = queued.stream().filter(Queued::supersedable).toList();
        if (!upserts.isEmpty()) {
            jdbc.sql(SUPERSEDE_OLDER)
                    .param("ids", SqlArrays.column(upserts, Queued::id, Long[]::new))
                    .param("effects", SqlArrays.column(upserts, Queued::effect, String[]::new))
                    .param("targets", SqlArrays.column(upserts, Queued::target, String[]::new))
                    .param(
                            "orderingKeys",
                            SqlArrays.column(upserts, Queued::orderingKey, String[]::new))
                    .param(
                            "eventTimes",
                            SqlArrays.column(upserts, Queued::eventTime, String[]::new))
                    .param("eventIds", SqlArrays.column(upserts, Queued::eventId, String[]::new))
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return queued.size();
    }

    /** A row {@link #enqueueAll} queued. */
    private record Queued(
            long id,
            String effect,
            String target,
            String orderingKey,
            String eventTime,
            String eventId,
            boolean supersedable) {}

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
