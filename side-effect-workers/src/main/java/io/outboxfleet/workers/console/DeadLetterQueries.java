package io.outboxfleet.workers.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code dead_letters} as the console reads it: filtered, with the last attempt's status and
 * error (from {@code delivery_attempts}) and the webhook endpoint's URL. Read only: replays go
 * through {@link ReplaySeam}.
 */
@Repository
class DeadLetterQueries {

    private static final String WHERE =
            """
             where (cast(:effect as text) is null or d.effect = :effect)
               and (cast(:destination as text) is null or d.target = :destination
                    or e.url ilike '%' || :destination || '%')
               and (cast(:eventType as text) is null or d.event_type = :eventType)
               and (cast(:reason as text) is null or d.reason ilike '%' || :reason || '%')
               and (cast(:from as timestamptz) is null or d.created_at >= :from)
               and (cast(:to as timestamptz) is null or d.created_at < :to)
               and (cast(:createdBefore as timestamptz) is null or d.created_at <= :createdBefore)
               and (:status = 'all' or (:status = 'waiting') = (d.replayed_at is null))
            """;

    private static final String FROM =
            """
              from dead_letters d
              left join webhook_endpoints e on d.effect = 'webhook' and e.id::text = d.target
            """;

    private static final String LIST =
            """
            select d.id, d.effect, d.target, e.url, d.event_id, d.event_type, d.reason, d.attempts,
                   d.created_at, d.replayed_at, d.replay_count, d.payload, d.headers::text as headers,
                   d.topic, d.kafka_partition, d.kafka_offset, d.record_key,
                   last.status_code as last_status, last.error as last_error
            """
                    + FROM
                    + """
              left join lateral (
                    select a.status_code, a.error from delivery_attempts a
                     where a.event_id = d.event_id and a.effect = d.effect and a.target = d.target
                     order by a.attempted_at desc, a.id desc limit 1) last on true
            """;

    private static final String FILTERED =
            LIST + WHERE + " order by d.created_at desc, d.id limit :limit";

    private static final String BY_ID = LIST + " where d.id = :id";

    private static final String BY_EVENT =
            LIST + " where d.event_id = :eventId order by d.created_at, d.id";

    private static final String COUNT = "select count(*) " + FROM + WHERE;

    private static final String IDS =
            "select d.id " + FROM + WHERE + " order by d.created_at, d.id limit :limit";

    private static final String EFFECTS = "select distinct effect from dead_letters order by 1";

    private static final String EVENT_TYPES =
            "select distinct event_type from dead_letters where event_type is not null order by 1";

    /**
     * One dead letter with what the console shows of it.
     *
     * @param url the webhook endpoint's URL, null for other effects or a deleted endpoint
     * @param lastStatus HTTP status of the last attempt, null when none or no HTTP answer
     * @param lastError error of the last attempt (capped at 2000 characters by the delivery engine)
     */
    record Letter(
            UUID id,
            String effect,
            String target,
            String url,
            UUID eventId,
            String eventType,
            String reason,
            int attempts,
            Instant createdAt,
            Instant replayedAt,
            int replayCount,
            String payload,
            String headers,
            String topic,
            Integer partition,
            Long offset,
            String key,
            Integer lastStatus,
            String lastError) {

        boolean waiting() {
            return replayedAt == null;
        }
    }

    private final JdbcClient jdbc;

    DeadLetterQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Letter> list(DeadLetterFilter filter, int limit) {
        return filtered(FILTERED, filter, null).param("limit", limit).query(this::map).list();
    }

    long count(DeadLetterFilter filter, Instant createdBefore) {
        return filtered(COUNT, filter, createdBefore).query(Long.class).single();
    }

    /** Ids matching the filter and created no later than {@code createdBefore}, oldest first. */
    List<UUID> ids(DeadLetterFilter filter, Instant createdBefore, int limit) {
        return filtered(IDS, filter, createdBefore).param("limit", limit).query(UUID.class).list();
    }

    Optional<Letter> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(this::map).optional();
    }

    List<Letter> forEvent(UUID eventId) {
        return jdbc.sql(BY_EVENT).param("eventId", eventId).query(this::map).list();
    }

    List<String> effects() {
        return jdbc.sql(EFFECTS).query(String.class).list();
    }

    List<String> eventTypes() {
        return jdbc.sql(EVENT_TYPES).query(String.class).list();
    }

    private JdbcClient.StatementSpec filtered(
            String sql, DeadLetterFilter filter, Instant createdBefore) {
        return jdbc.sql(sql)
                .param("effect", filter.effect())
                .param("destination", filter.destination())
                .param("eventType", filter.eventType())
                .param("reason", filter.reason())
                .param("from", timestamp(filter.fromTime()))
                .param("to", timestamp(filter.toTime()))
                .param("createdBefore", timestamp(createdBefore))
                .param("status", filter.status());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private Letter map(ResultSet rs, int row) throws SQLException {
        return new Letter(
                rs.getObject("id", UUID.class),
                rs.getString("effect"),
                rs.getString("target"),
                rs.getString("url"),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getString("reason"),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "replayed_at"),
                rs.getInt("replay_count"),
                rs.getString("payload"),
                rs.getString("headers"),
                rs.getString("topic"),
                (Integer) rs.getObject("kafka_partition"),
                (Long) rs.getObject("kafka_offset"),
                rs.getString("record_key"),
                (Integer) rs.getObject("last_status"),
                rs.getString("last_error"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}
