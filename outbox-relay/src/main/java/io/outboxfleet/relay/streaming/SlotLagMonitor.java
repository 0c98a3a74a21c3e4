package io.outboxfleet.relay.streaming;

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
 * {@code fleet_replication_slot_lag_bytes{slot}}: WAL the slot still holds back (current WAL
 * position minus the slot's confirmed flush position), refreshed every {@code slot-lag-interval}.
 * NaN while the slot does not exist (before the first start) or the query fails.
 */
@Component
class SlotLagMonitor implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SlotLagMonitor.class);
    private static final String SLOT_LAG =
            """
            select pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
              from pg_replication_slots
             where slot_name = :slot""";

    private final JdbcClient jdbc;
    private final RelayProperties properties;
    private final AtomicReference<Double> lagBytes = new AtomicReference<>(Double.NaN);

    SlotLagMonitor(JdbcClient jdbc, RelayProperties properties, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.properties = properties;
        Gauge.builder("fleet.replication.slot.lag", lagBytes, AtomicReference::get)
                .description("WAL bytes the relay's replication slot holds back")
                .baseUnit("bytes")
                .tag("slot", properties.slotName())
                .register(registry);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, properties.slotLagInterval());
    }

    void refresh() {
        try {
            Long lag =
                    jdbc.sql(SLOT_LAG)
                            .param("slot", properties.slotName())
                            .query(Long.class)
                            .optional()
                            .orElse(null);
            lagBytes.set(lag == null ? Double.NaN : lag.doubleValue());
        } catch (RuntimeException e) {
            log.warn("cannot read the replication slot lag: {}", e.getMessage());
            lagBytes.set(Double.NaN);
        }
    }
}
