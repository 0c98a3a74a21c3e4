package io.outboxfleet.workers.effect.deadletter;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.delivery.DeliveryAttempts;
import io.outboxfleet.workers.effect.delivery.EffectQueue;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Table {@code dead_letters}, mirrored to the topic {@code fleet.dead-letters}: events an effect
 * gave up on, with the reason. The table is the record of truth (listed and replayed by the ops
 * API); the topic is a best-effort feed for other tooling (value = payload, headers = the original
 * ones plus {@code fleet_dl_*}).
 */
@Repository
public class DeadLetters {

    public static final String TOPIC = "fleet.dead-letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private static final String INSERT =
            """
            insert into dead_letters (effect, target, event_id, event_type, topic, kafka_partition, kafka_offset,
                                      record_key, headers, payload, reason, attempts, created_at)
            values (:effect, :target, :eventId, :eventType, :topic, :partition, :offset,
                    :key, :headers::jsonb, :payload, :reason, :attempts, :createdAt)
            returning id""";

    private static final String COLUMNS =
            """
            id, effect, target, event_id, event_type, topic, kafka_partition, kafka_offset, record_key, headers,
            payload, reason, attempts, created_at, replayed_at, replay_count""";

    private static final String LIST =
            "select "
                    + COLUMNS
                    + """
             from dead_letters
            where (cast(:effect as text) is null or effect = :effect)
            order by created_at desc, id
            limit :limit""";

    private static final String FIND = "select " + COLUMNS + " from dead_letters where id = :id";

    private static final String MARK_REPLAYED =
            """
            update dead_letters set replayed_at = :at, replay_count = replay_count + 1 where id = :id""";

    private static final String WAITING =
            "select count(*) from dead_letters where replayed_at is null";

    /**
     * One dead letter. {@code target} and {@code eventId} are null for records that could not be
     * read.
     *
     * @param replayedAt last replay, null while it waits for one
     */
    public record DeadLetter(
            UUID id,
            String effect,
            String target,
            UUID eventId,
            String eventType,
            String topic,
            Integer partition,
            Long offset,
            String key,
            Map<String, String> headers,
            String payload,
            String reason,
            int attempts,
            Instant createdAt,
            Instant replayedAt,
            int replayCount) {}

    /** A dead letter just inserted, to publish on the topic once its transaction committed. */
    public record Stored(
            UUID id,
            String effect,
            String target,
            String key,
            Map<String, String> headers,
            String payload,
            String reason) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final KafkaTemplate<String, String> kafka;

    DeadLetters(JdbcClient jdbc, ObjectMapper json, KafkaTemplate<String, String> kafka) {
        this.jdbc = jdbc;
        this.json = json;
        this.kafka = kafka;
    }

    /**
     * A record that can never be processed as it is (unknown type, unreadable payload); nothing was
     * attempted.
     */
    public void rejected(
            Effect effect, ConsumerRecord<String, String> record, String reason, Instant at) {
        Map<String, String> headers = headers(record);
        UUID eventId = parseUuid(headers.get("ce_id"));
        Stored stored =
                add(
                        effect.label(),
                        null,
                        eventId,
                        headers.get("ce_type"),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        headers,
                        record.value(),
                        reason,
                        0,
                        at);
        publish(stored);
    }

    /**
     * An effect given up after {@code attempts} attempts (the last failed, or a failure was
     * permanent).
     */
    public Stored gaveUp(EffectQueue.Delivery delivery, String reason, int attempts, Instant at) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", delivery.event().id().toString());
        headers.put("ce_type", delivery.event().type());
        headers.put("ce_time", delivery.event().time().toString());
        if (delivery.event().subject() != null) {
            headers.put("ce_subject", delivery.event().subject());
        }
        headers.put("content-type", "application/json");
        if (delivery.traceparent() != null) {
            headers.put("traceparent", delivery.traceparent());
        }
        return add(
                delivery.effect(),
                delivery.target(),
                delivery.event().id(),
                delivery.event().type(),
                null,
                null,
                null,
                delivery.event().subject(),
                headers,
                json.writeValueAsString(delivery.event().payload()),
                reason,
                attempts,
                at);
    }

    public List<DeadLetter> list(String effect, int limit) {
        return jdbc.sql(LIST).param("effect", effect).param("limit", limit).query(this::map).list();
    }

    public Optional<DeadLetter> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(this::map).optional();
    }

    void markReplayed(UUID id, Instant at) {
        jdbc.sql(MARK_REPLAYED).param("id", id).param("at", Timestamp.from(at)).update();
    }

    /** Dead letters not replayed yet (the gauge {@code fleet_dead_letters}). */
    public long waiting() {
        return jdbc.sql(WAITING).query(Long.class).single();
    }

    private Stored add(
            String effect,
            String target,
            UUID eventId,
            String eventType,
            String topic,
            Integer partition,
            Long offset,
            String key,
            Map<String, String> headers,
            String payload,
            String reason,
            int attempts,
            Instant at) {
        Map<String, String> storableHeaders = new LinkedHashMap<>();
        headers.forEach(
                (name, value) ->
                        storableHeaders.put(StorableText.of(name), StorableText.of(value)));
        target = StorableText.of(target);
        eventType = StorableText.of(eventType);
        key = StorableText.of(key);
        headers = storableHeaders;
        payload = StorableText.of(payload);
        reason = StorableText.of(reason);
        UUID id =
                jdbc.sql(INSERT)
                        .param("effect", effect)
                        .param("target", target)
                        .param("eventId", eventId)
                        .param("eventType", eventType)
                        .param("topic", topic)
                        .param("partition", partition)
                        .param("offset", offset)
                        .param("key", key)
                        .param("headers", json.writeValueAsString(headers))
                        .param("payload", payload)
                        .param("reason", DeliveryAttempts.abbreviate(reason))
                        .param("attempts", attempts)
                        .param("createdAt", Timestamp.from(at))
                        .query(UUID.class)
                        .single();
        log.error(
                "dead letter {}: {} of event {} ({}) to {} after {} attempt(s): {}",
                id,
                effect,
                eventId,
                eventType,
                target,
                attempts,
                reason);
        return new Stored(id, effect, target, key, headers, payload, reason);
    }

    /** Best effort: a dead letter that cannot be published stays in the table. */
    public void publish(Stored letter) {
        UUID id = letter.id();
        String target = letter.target();
        String reason = letter.reason();
        ProducerRecord<String, String> record =
                new ProducerRecord<>(TOPIC, letter.key(), letter.payload());
        letter.headers()
                .forEach(
                        (name, value) ->
                                record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("fleet_dl_id", id.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("fleet_dl_effect", letter.effect().getBytes(StandardCharsets.UTF_8));
        if (target != null) {
            record.headers().add("fleet_dl_target", target.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("fleet_dl_reason", reason.getBytes(StandardCharsets.UTF_8));
        kafka.send(record)
                .whenComplete(
                        (result, failure) -> {
                            if (failure != null) {
                                log.warn(
                                        "dead letter {} not published to {} (it stays in the table): {}",
                                        id,
                                        TOPIC,
                                        failure.getMessage());
                            }
                        });
    }

    private DeadLetter map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        Map<String, String> headers =
                json.readValue(
                        rs.getString("headers"), new TypeReference<Map<String, String>>() {});
        return new DeadLetter(
                rs.getObject("id", UUID.class),
                rs.getString("effect"),
                rs.getString("target"),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getString("topic"),
                (Integer) rs.getObject("kafka_partition"),
                (Long) rs.getObject("kafka_offset"),
                rs.getString("record_key"),
                headers,
                rs.getString("payload"),
                rs.getString("reason"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                replayed == null ? null : replayed.toInstant(),
                rs.getInt("replay_count"));
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static UUID parseUuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
