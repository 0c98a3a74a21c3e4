package io.outboxfleet.relay.publishing;

import io.outboxfleet.relay.RelayProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the relay has published: the newest {@code created_at} of an outbox row Kafka
 * acknowledged, kept in {@code relay_published} (one row per slot) so that any relay, also a
 * standby while the active one is down, can tell how old the oldest row still waiting is. Written
 * at most once a {@link #WRITE_INTERVAL} while rows are published (never when idle), and by {@link
 * #flush()} before the age is measured; it never runs ahead of Kafka.
 */
@Component
class PublishedWatermark {

    /** The most often the watermark is written while the relay publishes. */
    static final Duration WRITE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(PublishedWatermark.class);
    private static final String UPSERT =
            """
            insert into relay_published (slot_name, last_created_at, updated_at)
            values (:slot, :createdAt, now())
            on conflict (slot_name) do update
               set last_created_at = greatest(relay_published.last_created_at, excluded.last_created_at),
                   updated_at = now()""";

    private final JdbcClient jdbc;
    private final String slot;
    private final Clock clock;
    private Instant acknowledged;
    private Instant written;
    private Instant lastWrite = Instant.MIN;

    PublishedWatermark(JdbcClient jdbc, RelayProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.slot = properties.slotName();
        this.clock = clock;
    }

    /** Kafka acknowledged outbox rows up to this {@code created_at}; written if due. */
    synchronized void acknowledged(Instant createdAt) {
        if (acknowledged == null || createdAt.isAfter(acknowledged)) {
            acknowledged = createdAt;
        }
        if (clock.instant().isAfter(lastWrite.plus(WRITE_INTERVAL))) {
            flush();
        }
    }

    /** Writes the watermark if it moved since the last write. */
    synchronized void flush() {
        if (acknowledged == null || acknowledged.equals(written)) {
            return;
        }
        try {
            jdbc.sql(UPSERT)
                    .param("slot", slot)
                    .param("createdAt", OffsetDateTime.ofInstant(acknowledged, ZoneOffset.UTC))
                    .update();
            written = acknowledged;
            lastWrite = clock.instant();
        } catch (RuntimeException e) {
            // the age gauge over-reports meanwhile; publishing goes on
            log.warn("cannot record the published watermark: {}", e.getMessage());
        }
    }
}
