package io.outboxfleet.command.report;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Refresh of the sales read model.
 *
 * @param refreshInterval the view is refreshed at least this often, whatever happened. Default 5m.
 * @param debounce after an order is placed or cancelled here, the view is refreshed within about
 *     this time; changes in between share one refresh. Default 2s.
 */
@ConfigurationProperties("fleet.reports")
record ReportProperties(
        @DefaultValue("5m") Duration refreshInterval, @DefaultValue("2s") Duration debounce) {}
