package io.outboxfleet.command.payment;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes payment provider events received longer ago than the retention ({@code
 * purge_payment_events}, db module), so {@code payment_events} does not grow for ever. Running it
 * on several instances at once is harmless.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PaymentEventsRetention implements SchedulingConfigurer {

    /**
     * @param retention provider events received longer ago are deleted
     *     (FLEET_PAYMENT_EVENTS_RETENTION, default 30d); keep it longer than the provider
     *     redelivers (Stripe: up to 3 days), or a late redelivery is applied again (a paid order
     *     then answers {@code already_paid})
     * @param interval how often the purge runs (default 1h)
     */
    @ConfigurationProperties("fleet.payments.events")
    record Properties(
            @DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration interval) {}

    private static final Logger log = LoggerFactory.getLogger(PaymentEventsRetention.class);
    private static final int BATCH = 10_000;

    private final PaymentEventRepository events;
    private final Properties properties;

    PaymentEventsRetention(PaymentEventRepository events, Properties properties) {
        this.events = events;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purge, properties.interval());
    }

    /** Deletes the events past retention, 10,000 per statement; returns how many. */
    int purge() {
        int total = 0;
        try {
            int deleted;
            do {
                deleted = events.purgeOlderThan(properties.retention(), BATCH);
                total += deleted;
            } while (deleted == BATCH);
            if (total > 0) {
                log.info("deleted {} payment events older than {}", total, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "payment events purge failed, retried at the next interval: {}",
                    e.getMessage());
        }
        return total;
    }
}
