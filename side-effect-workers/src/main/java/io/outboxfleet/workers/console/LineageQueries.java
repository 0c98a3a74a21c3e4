package io.outboxfleet.workers.console;

import static io.outboxfleet.workers.console.DeadLetterQueries.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the database still knows of an event's way: the business row (orders), the outbox row (until
 * the relay's retention purges it), and the workers' queue, attempts, log and dead letters. Read
 * only.
 */
@Repository
class LineageQueries {

    /** Events of an order or aggregate id, or the event id itself, wherever they were seen. */
    private static final String EVENTS_BY_ID =
            """
            select id from outbox_events where id = :id or aggregate_id = :text
            union select event_id from delivery_attempts where event_id = :id
            union select event_id from effect_log where event_id = :id
            union select event_id from effect_queue where event_id = :id or event_subject = :text
            union select event_id from dead_letters where event_id is not null
                                                 and (event_id = :id or record_key = :text)
            """;

    /** Events whose command carried this W3C trace id. */
    private static final String EVENTS_BY_TRACE =
            """
            select id from outbox_events where headers ->> 'traceparent' like :pattern
            union select event_id from effect_queue where traceparent like :pattern
            union select event_id from dead_letters where event_id is not null
                                                 and headers ->> 'traceparent' like :pattern
            """;

    private static final String OUTBOX =
            """
            select id, aggregate_type, aggregate_id, event_type, payload::text as payload,
                   headers ->> 'traceparent' as traceparent, created_at
              from outbox_events where id = :id""";

    private static final String ORDER =
            """
            select id, customer_id, customer_email, status, total_cents, currency, version,
                   created_at, updated_at
              from orders where id = :id""";

    private static final String ATTEMPTS =
            """
            select effect, target, attempt, outcome, status_code, error, attempted_at
              from delivery_attempts where event_id = :id order by attempted_at, id""";

    private static final String DONE =
            "select effect, target, completed_at from effect_log where event_id = :id order by completed_at";

    private static final String QUEUED =
            """
            select effect, target, event_type, event_subject, attempts, attempt_limit, next_attempt_at,
                   last_error, traceparent
              from effect_queue where event_id = :id order by id""";

    /**
     * Where the event was read from: by each effect's consumer group (from its queue row, its log
     * entry or a dead letter), the Kafka record, and the outbox row's WAL position the relay
     * stamped on it. A relay restart can publish an event twice, so two positions can show.
     */
    private static final String POSITIONS =
            """
            select effect, kafka_topic, kafka_partition, kafka_offset, wal_position
              from effect_log where event_id = :id and kafka_topic is not null
            union
            select effect, kafka_topic, kafka_partition, kafka_offset, wal_position
              from effect_queue where event_id = :id and kafka_topic is not null
            union
            select effect, topic, kafka_partition, kafka_offset, headers ->> 'ce_pglsn'
              from dead_letters where event_id = :id and topic is not null and kafka_offset >= 0
            order by kafka_topic, kafka_partition, kafka_offset, effect""";

    record Position(String effect, String topic, int partition, long offset, String walPosition) {}

    record OutboxRow(
            UUID id,
            String aggregateType,
            String aggregateId,
            String eventType,
            String payload,
            String traceparent,
            Instant createdAt) {}

    record OrderRow(
            UUID id,
            String customerId,
            String customerEmail,
            String status,
            long totalCents,
            String currency,
            long version,
            Instant createdAt,
            Instant updatedAt) {}

    record Attempt(
            String effect,
            String target,
            int attempt,
            String outcome,
            Integer statusCode,
            String error,
            Instant attemptedAt) {}

    record Done(String effect, String target, Instant completedAt) {}

    record Queued(
            String effect,
            String target,
            String eventType,
            String subject,
            int attempts,
            int attemptLimit,
            Instant nextAttemptAt,
            String lastError,
            String traceparent) {}

    private final JdbcClient jdbc;

    LineageQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<UUID> eventsById(UUID id) {
        return jdbc.sql(EVENTS_BY_ID)
                .param("id", id)
                .param("text", id.toString())
                .query(UUID.class)
                .list();
    }

    List<UUID> eventsByTrace(String traceId) {
        return jdbc.sql(EVENTS_BY_TRACE)
                .param("pattern", "00-" + traceId + "-%")
                .query(UUID.class)
                .list();
    }

    Optional<OutboxRow> outbox(UUID eventId) {
        return jdbc.sql(OUTBOX).param("id", eventId).query(this::mapOutbox).optional();
    }

    Optional<OrderRow> order(UUID orderId) {
        return jdbc.sql(ORDER).param("id", orderId).query(this::mapOrder).optional();
    }

    List<Attempt> attempts(UUID eventId) {
        return jdbc.sql(ATTEMPTS)
                .param("id", eventId)
                .query(
                        (rs, n) ->
                                new Attempt(
                                        rs.getString("effect"),
                                        rs.getString("target"),
                                        rs.getInt("attempt"),
                                        rs.getString("outcome"),
                                        (Integer) rs.getObject("status_code"),
                                        rs.getString("error"),
                                        instant(rs, "attempted_at")))
                .list();
    }

    List<Done> done(UUID eventId) {
        return jdbc.sql(DONE)
                .param("id", eventId)
                .query(
                        (rs, n) ->
                                new Done(
                                        rs.getString("effect"),
                                        rs.getString("target"),
                                        instant(rs, "completed_at")))
                .list();
    }

    List<Position> positions(UUID eventId) {
        return jdbc.sql(POSITIONS)
                .param("id", eventId)
                .query(
                        (rs, n) ->
                                new Position(
                                        rs.getString("effect"),
                                        rs.getString("kafka_topic"),
                                        rs.getInt("kafka_partition"),
                                        rs.getLong("kafka_offset"),
                                        rs.getString("wal_position")))
                .list();
    }

    List<Queued> queued(UUID eventId) {
        return jdbc.sql(QUEUED)
                .param("id", eventId)
                .query(
                        (rs, n) ->
                                new Queued(
                                        rs.getString("effect"),
                                        rs.getString("target"),
                                        rs.getString("event_type"),
                                        rs.getString("event_subject"),
                                        rs.getInt("attempts"),
                                        rs.getInt("attempt_limit"),
                                        instant(rs, "next_attempt_at"),
                                        rs.getString("last_error"),
                                        rs.getString("traceparent")))
                .list();
    }

    private OutboxRow mapOutbox(ResultSet rs, int row) throws SQLException {
        return new OutboxRow(
                rs.getObject("id", UUID.class),
                rs.getString("aggregate_type"),
                rs.getString("aggregate_id"),
                rs.getString("event_type"),
                rs.getString("payload"),
                rs.getString("traceparent"),
                instant(rs, "created_at"));
    }

    private OrderRow mapOrder(ResultSet rs, int row) throws SQLException {
        return new OrderRow(
                rs.getObject("id", UUID.class),
                rs.getString("customer_id"),
                rs.getString("customer_email"),
                rs.getString("status"),
                rs.getLong("total_cents"),
                rs.getString("currency"),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
