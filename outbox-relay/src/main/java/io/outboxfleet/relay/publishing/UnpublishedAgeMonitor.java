package io.outboxfleet.relay.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboxfleet.relay.RelayProperties;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * {@code fleet_outbox_oldest_unpublished_age_seconds{slot}}: age of the oldest committed outbox row
 * newer than the published watermark ({@link PublishedWatermark}), 0 when there is none; refreshed
 * every {@code slot-lag-interval} on every relay, active or standby, so it keeps growing while no
 * relay publishes. Rows are compared by {@code created_at} (their transaction's start): a row of a
 * transaction that started before, but committed after, the newest published row is not counted, so
 * the gauge can under-report by the length of the longest write transaction, never over-report by
 * more than the watermark's write interval.
 */
@Component
class UnpublishedAgeMonitor implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(UnpublishedAgeMonitor.class);

    private final JdbcClient jdbc;
    private final RelayProperties properties;
    private final PublishedWatermark watermark;
    private final String sql;
    private final AtomicReference<Double> ageSeconds = new AtomicReference<>(Double.NaN);

    UnpublishedAgeMonitor(
            JdbcClient jdbc,
            RelayProperties properties,
            PublishedWatermark watermark,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.watermark = watermark;
        String createdAt = properties.outbox().createdAtColumn();
        this.sql =
                """
                select coalesce(extract(epoch from now() - min(o.%1$s)), 0)::float8
                  from %2$s o
                 where o.%1$s > coalesce((select last_created_at from relay_published
                                           where slot_name = :slot), '-infinity')"""
                        .formatted(createdAt, properties.outbox().table());
        Gauge.builder("fleet.outbox.oldest.unpublished.age", ageSeconds, AtomicReference::get)
                .description(
                        "Age of the oldest committed outbox row Kafka has not acknowledged yet (0: none)")
                .baseUnit("seconds")
                .tag("slot", properties.slotName())
                .register(registry);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, properties.slotLagInterval());
    }

    void refresh() {
        watermark.flush();
        try {
            Double age =
                    jdbc.sql(sql).param("slot", properties.slotName()).query(Double.class).single();
            ageSeconds.set(age == null ? 0.0 : Math.max(0.0, age));
        } catch (RuntimeException e) {
            log.warn("cannot measure the oldest unpublished outbox row: {}", e.getMessage());
            ageSeconds.set(Double.NaN);
        }
    }
}
