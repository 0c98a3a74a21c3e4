package io.outboxfleet.command.report;

import io.outboxfleet.command.web.ApiProblem;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/reports/sales?from=&to=} (admin): rows of the sales read model for UTC days
 * {@code from}..{@code to} inclusive (ISO dates; default the last 30 days), ordered by day and sku.
 * Exact as of the read: every order is counted (or taken out, when cancelled) in its own
 * transaction.
 */
@RestController
class SalesReportController {

    private static final long MAX_DAYS = 366;

    private final SalesReportRepository report;
    private final Clock clock;

    SalesReportController(SalesReportRepository report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    @GetMapping("/api/reports/sales")
    List<SalesRow> sales(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                    LocalDate to) {
        LocalDate last = to != null ? to : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = from != null ? from : last.minusDays(29);
        if (first.isAfter(last)) {
            throw ApiProblem.invalidField("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw ApiProblem.invalidField("to", "the range may span at most " + MAX_DAYS + " days");
        }
        return report.findRange(first, last);
    }
}
