package io.outboxfleet.workers.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The dead-letter list's filter, as the form sends it: every field optional, times as {@code
 * yyyy-MM-ddTHH:mm} in UTC; {@code status} is waiting (default), replayed or all.
 */
record DeadLetterFilter(
        String effect,
        String destination,
        String eventType,
        String reason,
        String from,
        String to,
        String status) {

    DeadLetterFilter {
        effect = blankToNull(effect);
        destination = blankToNull(destination);
        eventType = blankToNull(eventType);
        reason = blankToNull(reason);
        from = blankToNull(from);
        to = blankToNull(to);
        status = blankToNull(status) == null ? "waiting" : status.strip().toLowerCase(Locale.ROOT);
        if (!status.equals("waiting") && !status.equals("replayed") && !status.equals("all")) {
            throw new ConsoleBadRequest("status must be waiting, replayed or all");
        }
        fromInstant(from, "from");
        fromInstant(to, "to");
    }

    Instant fromTime() {
        return fromInstant(from, "from");
    }

    Instant toTime() {
        return fromInstant(to, "to");
    }

    /** This filter as a query string (for links and the bulk replay's confirmation). */
    String query() {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
        add(uri, "effect", effect);
        add(uri, "destination", destination);
        add(uri, "eventType", eventType);
        add(uri, "reason", reason);
        add(uri, "from", from);
        add(uri, "to", to);
        add(uri, "status", status);
        return uri.build().encode().getQuery();
    }

    private static void add(UriComponentsBuilder uri, String name, String value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private static Instant fromInstant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ConsoleBadRequest(field + " must be a time as yyyy-MM-ddTHH:mm (UTC)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
