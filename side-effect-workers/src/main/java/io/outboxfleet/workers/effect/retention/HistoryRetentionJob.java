package io.outboxfleet.workers.effect.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Deletes the workers' history past {@link HistoryRetentionProperties#retention()} every {@link
 * HistoryRetentionProperties#interval()}, in batches ({@code purge_effect_history}, db module), so
 * {@code effect_log}, {@code delivery_attempts} and replayed dead letters do not grow for ever.
 * Several workers running it at once is harmless: each deletes what is still there.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HistoryRetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetentionJob.class);
    private static final String PURGE = "select purge_effect_history(?::interval, ?)::text";

    /** A run stops after this many batches and goes on at the next interval. */
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final JdbcClient jdbc;
    private final HistoryRetentionProperties properties;
    private final ObjectMapper json;

    HistoryRetentionJob(JdbcClient jdbc, HistoryRetentionProperties properties, ObjectMapper json) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purge, properties.interval());
    }

    /** Deletes what is past retention; returns the rows deleted from all three tables. */
    long purge() {
        long total = 0;
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                JsonNode deleted =
                        json.readTree(
                                jdbc.sql(PURGE)
                                        .param(properties.retention().toString())
                                        .param(properties.batchSize())
                                        .query(String.class)
                                        .single());
                long most = 0;
                for (String table :
                        new String[] {"effect_log", "delivery_attempts", "dead_letters"}) {
                    long n = deleted.path(table).asLong();
                    total += n;
                    most = Math.max(most, n);
                }
                if (most < properties.batchSize()) {
                    break;
                }
            }
            if (total > 0) {
                log.info(
                        "deleted {} rows of effect history older than {}",
                        total,
                        properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "effect history purge failed, retried at the next interval: {}",
                    e.getMessage());
        }
        return total;
    }
}
