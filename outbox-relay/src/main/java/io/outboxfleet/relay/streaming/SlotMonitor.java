package io.outboxfleet.relay.streaming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboxfleet.relay.RelayProperties;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Reads the relay's replication slot every {@code slot-lag-interval} and reports it:
 *
 * <ul>
 *   <li>{@code fleet_replication_slot_lag_bytes{slot}}: WAL the slot holds back (current WAL
 *       position minus its confirmed flush position); NaN while the slot does not exist;
 *   <li>{@code fleet_replication_slot_wal_status{slot,status}}: 1 for the slot's current {@code
 *       wal_status} ({@code reserved}, {@code extended}, {@code unreserved}, {@code lost}), 0 for
 *       the others (all 0 while the slot does not exist);
 *   <li>{@code fleet_replication_slot_safe_wal_size_bytes{slot}}: WAL that may still be written
 *       before the slot is lost; NaN when {@code max_slot_wal_keep_size} is unlimited.
 * </ul>
 *
 * {@code unreserved} is logged once as a warning; {@code lost} is handed to the {@link
 * RelayLeader}, which stops streaming and reports the relay unhealthy.
 */
@Component
class SlotMonitor implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SlotMonitor.class);

    private final SlotInspector inspector;
    private final RelayProperties properties;
    private final RelayLeader leader;
    private final AtomicReference<SlotState> last = new AtomicReference<>();

    SlotMonitor(
            SlotInspector inspector,
            RelayProperties properties,
            RelayLeader leader,
            MeterRegistry registry) {
        this.inspector = inspector;
        this.properties = properties;
        this.leader = leader;
        String slot = properties.slotName();
        Gauge.builder("fleet.replication.slot.lag", last, r -> bytes(r.get(), SlotState::lagBytes))
                .description("WAL bytes the relay's replication slot holds back")
                .baseUnit("bytes")
                .tag("slot", slot)
                .register(registry);
        Gauge.builder(
                        "fleet.replication.slot.safe.wal.size",
                        last,
                        r -> bytes(r.get(), SlotState::safeWalSizeBytes))
                .description(
                        "WAL bytes that may still be written before the slot is lost (NaN: no limit)")
                .baseUnit("bytes")
                .tag("slot", slot)
                .register(registry);
        for (String status : SlotState.WAL_STATUSES) {
            Gauge.builder(
                            "fleet.replication.slot.wal.status",
                            last,
                            r -> r.get() != null && status.equals(r.get().walStatus()) ? 1.0 : 0.0)
                    .description(
                            "1 for the slot's current wal_status (reserved, extended, unreserved, lost)")
                    .tag("slot", slot)
                    .tag("status", status)
                    .register(registry);
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, properties.slotLagInterval());
    }

    void refresh() {
        SlotState state;
        try {
            state = inspector.read();
        } catch (RuntimeException e) {
            log.warn("cannot read replication slot {}: {}", properties.slotName(), e.getMessage());
            last.set(null);
            return;
        }
        SlotState previous = last.getAndSet(state);
        if (state.unreserved() && (previous == null || !previous.unreserved())) {
            log.warn(
                    "replication slot {} is unreserved: it holds {} bytes of WAL, more than"
                            + " max_wal_size; {} more bytes and Postgres removes WAL it needs"
                            + " (the slot is then lost)",
                    properties.slotName(),
                    state.lagBytes(),
                    state.safeWalSizeBytes());
        }
        if (state.lost()) {
            leader.slotLost(state);
        }
    }

    private static double bytes(
            SlotState state, java.util.function.Function<SlotState, Long> value) {
        Long v = state == null ? null : value.apply(state);
        return v == null ? Double.NaN : v.doubleValue();
    }
}
