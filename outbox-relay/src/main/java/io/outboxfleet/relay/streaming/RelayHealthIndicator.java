package io.outboxfleet.relay.streaming;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code relay} health component: UP while streaming or standing by, DOWN after the engine died
 * (until it streams again), with {@code role} active/standby/failed and the slot.
 */
@Component
class RelayHealthIndicator implements HealthIndicator {

    private final RelayLeader leader;

    RelayHealthIndicator(RelayLeader leader) {
        this.leader = leader;
    }

    @Override
    public Health health() {
        RelayLeader.Status status = leader.status();
        Health.Builder builder =
                switch (status.role()) {
                    case ACTIVE, STANDBY, STARTING -> Health.up();
                    case FAILED -> Health.down();
                    case STOPPED -> Health.outOfService();
                };
        builder.withDetail("role", status.role().name().toLowerCase())
                .withDetail("streaming", status.streaming())
                .withDetail("slot", status.slot());
        if (status.lastFailure() != null) {
            builder.withDetail("lastFailure", status.lastFailure());
        }
        return builder.build();
    }
}
