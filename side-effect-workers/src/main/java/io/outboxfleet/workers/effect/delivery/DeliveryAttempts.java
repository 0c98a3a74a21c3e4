package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.workers.effect.Effect;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code delivery_attempts}: every attempt of every effect, append-only. */
@Repository
public class DeliveryAttempts {

    private static final String INSERT =
            """
            insert into delivery_attempts (event_id, effect, target, attempt, outcome, status_code, error, attempted_at)
            values (:eventId, :effect, :target, :attempt, :outcome, :statusCode, :error, :attemptedAt)""";

    private static final String BY_EVENT =
            """
            select event_id, effect, target, attempt, outcome, status_code, error, attempted_at
            from delivery_attempts
            where event_id = :eventId
            order by attempted_at, id""";

    /**
     * One attempt as the ops API shows it; {@code outcome} is success, failure, dead_letter or
     * duplicate.
     */
    public record Attempt(
            UUID eventId,
            String effect,
            String target,
            int attempt,
            String outcome,
            Integer statusCode,
            String error,
            Instant attemptedAt) {}

    private final JdbcClient jdbc;

    DeliveryAttempts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(
            UUID eventId,
            Effect effect,
            String target,
            int attempt,
            String outcome,
            Integer statusCode,
            String error,
            Instant at) {
        jdbc.sql(INSERT)
                .param("eventId", eventId)
                .param("effect", effect.label())
                .param("target", target)
                .param("attempt", attempt)
                .param("outcome", outcome)
                .param("statusCode", statusCode)
                .param("error", error == null ? null : abbreviate(error))
                .param("attemptedAt", Timestamp.from(at))
                .update();
    }

    /** Every attempt for this event, oldest first. */
    public List<Attempt> forEvent(UUID eventId) {
        return jdbc.sql(BY_EVENT)
                .param("eventId", eventId)
                .query(
                        (rs, n) ->
                                new Attempt(
                                        rs.getObject("event_id", UUID.class),
                                        rs.getString("effect"),
                                        rs.getString("target"),
                                        rs.getInt("attempt"),
                                        rs.getString("outcome"),
                                        (Integer) rs.getObject("status_code"),
                                        rs.getString("error"),
                                        rs.getObject("attempted_at", OffsetDateTime.class)
                                                .toInstant()))
                .list();
    }

    public static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
