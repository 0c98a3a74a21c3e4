package io.outboxfleet.relay.retention;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.streaming.RelayLeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes outbox rows older than {@code retention}, every {@code retention-interval}, on the active
 * relay only. Streaming never needs the rows: the WAL keeps each insert until the slot confirmed
 * it. The deletes reach the relay through the publication and are ignored.
 */
@Component
class OutboxRetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetentionJob.class);
    private static final String PURGE = "select purge_outbox(?::interval)";

    private final JdbcClient jdbc;
    private final RelayProperties properties;
    private final RelayLeader leader;

    OutboxRetentionJob(JdbcClient jdbc, RelayProperties properties, RelayLeader leader) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.leader = leader;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purgeIfActive, properties.retentionInterval());
    }

    void purgeIfActive() {
        if (leader.isActive()) {
            purge();
        }
    }

    /**
     * Deletes rows past retention; returns how many. Postgres reads the ISO-8601 duration as an
     * interval.
     */
    int purge() {
        try {
            Integer deleted =
                    jdbc.sql(PURGE)
                            .param(properties.retention().toString())
                            .query(Integer.class)
                            .single();
            if (deleted != null && deleted > 0) {
                log.info("purged {} outbox rows older than {}", deleted, properties.retention());
            }
            return deleted == null ? 0 : deleted;
        } catch (RuntimeException e) {
            log.warn("outbox purge failed: {}", e.getMessage());
            return 0;
        }
    }
}
