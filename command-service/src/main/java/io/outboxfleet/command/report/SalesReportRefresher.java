package io.outboxfleet.command.report;

import io.outboxfleet.command.order.OrdersChanged;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Keeps {@code sales_by_product_day} fresh: every {@link ReportProperties#refreshInterval()}, and
 * one {@link ReportProperties#debounce()} tick after orders changed in this instance. Refreshes of
 * several instances never overlap (a Postgres advisory lock); a skipped refresh is retried on the
 * next tick. Orders changed by other instances show up at their refresh or ours, whichever is
 * first.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SalesReportRefresher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SalesReportRefresher.class);

    private final SalesReportRepository report;
    private final ReportProperties properties;
    private final AtomicBoolean dirty = new AtomicBoolean();

    SalesReportRefresher(SalesReportRepository report, ReportProperties properties) {
        this.report = report;
        this.properties = properties;
    }

    @EventListener
    void ordersChanged(OrdersChanged event) {
        dirty.set(true);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refreshIfDirty, properties.debounce());
        registrar.addFixedDelayTask(() -> refresh("interval"), properties.refreshInterval());
    }

    void refreshIfDirty() {
        if (dirty.getAndSet(false) && !refresh("orders changed")) {
            dirty.set(true);
        }
    }

    private boolean refresh(String why) {
        try {
            boolean done = report.refresh();
            log.debug(
                    "sales report refresh ({}): {}",
                    why,
                    done ? "done" : "skipped, another instance is refreshing");
            return done;
        } catch (RuntimeException e) {
            log.warn("sales report refresh ({}) failed, retried later: {}", why, e.getMessage());
            return false;
        }
    }
}
