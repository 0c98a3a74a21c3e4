package io.outboxfleet.command.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes idempotency keys older than {@link IdempotencyProperties#window()} every {@link
 * IdempotencyProperties#cleanupInterval()}. Running it on several instances at once is harmless:
 * the delete is idempotent.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyKeyCleanup implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

    private final IdempotencyKeyRepository keys;
    private final IdempotencyProperties properties;

    IdempotencyKeyCleanup(IdempotencyKeyRepository keys, IdempotencyProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purge, properties.cleanupInterval());
    }

    void purge() {
        try {
            int purged = keys.purgeOlderThan(properties.window());
            if (purged > 0) {
                log.info("deleted {} idempotency keys older than {}", purged, properties.window());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "idempotency key cleanup failed, retried at the next interval: {}",
                    e.getMessage());
        }
    }
}
