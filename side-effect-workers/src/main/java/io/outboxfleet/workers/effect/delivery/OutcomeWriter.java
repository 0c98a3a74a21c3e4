package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.workers.effect.EventLogContext;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import io.outboxfleet.workers.effect.deadletter.StorableText;
import io.outboxfleet.workers.effect.delivery.EffectQueue.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a batch of attempt outcomes in one short transaction, a few statements whatever the batch
 * size: {@code effect_log} (a success already logged, say by a worker that took over a lease, is
 * recorded as {@code duplicate}), {@code delivery_attempts}, the queue rows removed or rescheduled,
 * and dead letters. No destination is called while it runs.
 */
@Component
class OutcomeWriter {

    private static final String LOG_DONE =
            """
            insert into effect_log (event_id, effect, target, kafka_topic, kafka_partition, kafka_offset, wal_position)
            select d.event_id, d.effect, d.target, q.kafka_topic, q.kafka_partition, q.kafka_offset, q.wal_position
              from unnest(cast(:eventIds as uuid[]), cast(:effects as text[]), cast(:targets as text[]),
                          cast(:ids as bigint[])) as d(event_id, effect, target, queue_id)
              left join effect_queue q on q.id = d.queue_id
            on conflict do nothing
            returning event_id, effect, target""";

    private static final String ATTEMPTS =
            """
            insert into delivery_attempts (event_id, effect, target, attempt, outcome, status_code, error, attempted_at)
            select * from unnest(cast(:eventIds as uuid[]), cast(:effects as text[]), cast(:targets as text[]),
                                 cast(:attempts as int[]), cast(:outcomes as text[]), cast(:statuses as int[]),
                                 cast(:errors as text[]), cast(:ats as timestamptz[]))""";

    private static final String DELETE = "delete from effect_queue where id = any(:ids)";

    private static final String RESCHEDULE =
            """
            update effect_queue q
            set attempts = u.attempts, next_attempt_at = u.next, leased_until = null, leased_by = null,
                last_error = u.error
            from unnest(cast(:ids as bigint[]), cast(:attempts as int[]), cast(:nexts as timestamptz[]),
                        cast(:errors as text[])) as u(id, attempts, next, error)
            where q.id = u.id and q.leased_by = :worker""";

    private static final String RELEASE =
            """
            update effect_queue q
            set next_attempt_at = greatest(q.next_attempt_at, u.next), leased_until = null, leased_by = null
            from unnest(cast(:ids as bigint[]), cast(:nexts as timestamptz[])) as u(id, next)
            where q.id = u.id and q.leased_by = :worker""";

    /** What was written: the successes that were duplicates, and the dead letters to publish. */
    record Written(Set<Long> duplicates, List<DeadLetters.Stored> deadLetters) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final DeadLetters deadLetters;

    OutcomeWriter(JdbcClient jdbc, TransactionTemplate transaction, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.deadLetters = deadLetters;
    }

    /** All or nothing; throws when the database is unavailable (the caller keeps the batch). */
    Written write(List<Outcome> outcomes, String worker) {
        return transaction.execute(tx -> writeInTransaction(outcomes, worker));
    }

    private Written writeInTransaction(List<Outcome> outcomes, String worker) {
        List<Outcome.Done> done = new ArrayList<>();
        List<Outcome.Retry> retries = new ArrayList<>();
        List<Outcome.GaveUp> gaveUp = new ArrayList<>();
        List<Outcome.Deferred> deferred = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Done d) {
                done.add(d);
            } else if (outcome instanceof Outcome.Retry r) {
                retries.add(r);
            } else if (outcome instanceof Outcome.GaveUp g) {
                gaveUp.add(g);
            } else if (outcome instanceof Outcome.Deferred d) {
                deferred.add(d);
            }
        }
        Attempts attempts = new Attempts();
        Set<Long> duplicates = new HashSet<>();
        if (!done.isEmpty()) {
            Set<String> logged = new HashSet<>();
            jdbc.sql(LOG_DONE)
                    .param(
                            "eventIds",
                            SqlArrays.column(
                                    done, d -> d.delivery().event().id().toString(), String[]::new))
                    .param(
                            "effects",
                            SqlArrays.column(done, d -> d.delivery().effect(), String[]::new))
                    .param(
                            "targets",
                            SqlArrays.column(done, d -> d.delivery().target(), String[]::new))
                    .param("ids", done.stream().map(d -> d.delivery().id()).toArray(Long[]::new))
                    .query(
                            (rs, n) ->
                                    logged.add(
                                            key(
                                                    rs.getObject("event_id", UUID.class),
                                                    rs.getString("effect"),
                                                    rs.getString("target"))))
                    .list();
            for (Outcome.Done d : done) {
                Delivery x = d.delivery();
                boolean duplicate = !logged.contains(key(x.event().id(), x.effect(), x.target()));
                if (duplicate) {
                    duplicates.add(x.id());
                }
                attempts.add(
                        x, d.attempt(), duplicate ? "duplicate" : "success", null, null, d.at());
            }
        }
        for (Outcome.Retry r : retries) {
            attempts.add(r.delivery(), r.attempt(), "failure", r.status(), r.error(), r.at());
        }
        List<DeadLetters.Stored> letters = new ArrayList<>();
        for (Outcome.GaveUp g : gaveUp) {
            attempts.add(
                    g.delivery(),
                    Math.max(g.attempt(), 1),
                    "dead_letter",
                    g.status(),
                    g.reason(),
                    g.at());
            try (EventLogContext context =
                    EventLogContext.of(g.delivery().traceparent(), g.delivery().event().id())) {
                letters.add(deadLetters.gaveUp(g.delivery(), g.reason(), g.attempt(), g.at()));
            }
        }
        attempts.insert();
        List<Long> removed = new ArrayList<>();
        done.forEach(d -> removed.add(d.delivery().id()));
        gaveUp.forEach(g -> removed.add(g.delivery().id()));
        if (!removed.isEmpty()) {
            jdbc.sql(DELETE).param("ids", removed.toArray(Long[]::new)).update();
        }
        if (!retries.isEmpty()) {
            jdbc.sql(RESCHEDULE)
                    .param("ids", retries.stream().map(r -> r.delivery().id()).toArray(Long[]::new))
                    .param(
                            "attempts",
                            retries.stream().map(Outcome.Retry::attempt).toArray(Integer[]::new))
                    .param(
                            "nexts",
                            SqlArrays.column(retries, r -> r.next().toString(), String[]::new))
                    .param(
                            "errors",
                            SqlArrays.column(
                                    retries,
                                    r -> DeliveryAttempts.abbreviate(StorableText.of(r.error())),
                                    String[]::new))
                    .param("worker", worker)
                    .update();
        }
        if (!deferred.isEmpty()) {
            jdbc.sql(RELEASE)
                    .param(
                            "ids",
                            deferred.stream().map(d -> d.delivery().id()).toArray(Long[]::new))
                    .param(
                            "nexts",
                            SqlArrays.column(deferred, d -> d.next().toString(), String[]::new))
                    .param("worker", worker)
                    .update();
        }
        return new Written(duplicates, letters);
    }

    private static String key(UUID eventId, String effect, String target) {
        return eventId + "\u0001" + effect + "\u0001" + target;
    }

    /** The delivery_attempts rows of the batch, inserted with one statement. */
    private final class Attempts {
        private final List<String> eventIds = new ArrayList<>();
        private final List<String> effects = new ArrayList<>();
        private final List<String> targets = new ArrayList<>();
        private final List<Integer> numbers = new ArrayList<>();
        private final List<String> outcomes = new ArrayList<>();
        private final List<Integer> statuses = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private final List<String> ats = new ArrayList<>();

        void add(
                Delivery d, int attempt, String outcome, Integer status, String error, Instant at) {
            eventIds.add(d.event().id().toString());
            effects.add(d.effect());
            targets.add(d.target());
            numbers.add(attempt);
            outcomes.add(outcome);
            statuses.add(status);
            errors.add(error == null ? null : DeliveryAttempts.abbreviate(StorableText.of(error)));
            ats.add(at.toString());
        }

        void insert() {
            if (eventIds.isEmpty()) {
                return;
            }
            jdbc.sql(ATTEMPTS)
                    .param("eventIds", eventIds.toArray(String[]::new))
                    .param("effects", effects.toArray(String[]::new))
                    .param("targets", targets.toArray(String[]::new))
                    .param("attempts", numbers.toArray(Integer[]::new))
                    .param("outcomes", outcomes.toArray(String[]::new))
                    .param("statuses", statuses.toArray(Integer[]::new))
                    .param("errors", errors.toArray(String[]::new))
                    .param("ats", ats.toArray(String[]::new))
                    .update();
        }
    }
}
