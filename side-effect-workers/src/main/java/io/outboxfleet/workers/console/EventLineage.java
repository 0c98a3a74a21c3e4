package io.outboxfleet.workers.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Puts one search's lineage together: an order id, an event id or a W3C trace id (or a whole
 * traceparent) finds its events, and each event shows the business row, the outbox row, its WAL
 * position, the Kafka record each consumer group read, and every effect's attempts, queue state and
 * dead letters.
 */
@Component
class EventLineage {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int MAX_EVENTS = 50;

    /** One event's way through the fleet, as far as it is still recorded. */
    record Event(
            UUID id,
            String type,
            String subject,
            String traceparent,
            LineageQueries.OutboxRow outbox,
            String walPosition,
            List<String> kafkaPositions,
            List<LineageQueries.Attempt> attempts,
            List<LineageQueries.Done> done,
            List<LineageQueries.Queued> queued,
            List<DeadLetterQueries.Letter> deadLetters) {}

    /**
     * @param searchedBy "id" (order, aggregate or event id) or "trace"
     * @param truncated true when more than {@link #MAX_EVENTS} events matched
     */
    record Lineage(
            String query,
            String searchedBy,
            List<LineageQueries.OrderRow> orders,
            List<Event> events,
            boolean truncated) {}

    private final LineageQueries queries;
    private final DeadLetterQueries deadLetters;

    EventLineage(LineageQueries queries, DeadLetterQueries deadLetters) {
        this.queries = queries;
        this.deadLetters = deadLetters;
    }

    Lineage find(String query) {
        String q = query.strip().toLowerCase(java.util.Locale.ROOT);
        List<UUID> ids;
        String searchedBy;
        Optional<UUID> uuid = uuid(q);
        if (uuid.isPresent()) {
            ids = queries.eventsById(uuid.get());
            searchedBy = "id";
        } else {
            String trace = traceId(q);
            if (trace == null) {
                throw new ConsoleBadRequest(
                        "search by an order id or event id (a UUID) or a trace id (32 hex digits)");
            }
            ids = queries.eventsByTrace(trace);
            searchedBy = "trace";
        }
        boolean truncated = ids.size() > MAX_EVENTS;
        List<Event> events = new ArrayList<>();
        Set<UUID> orderIds = new LinkedHashSet<>();
        uuid.ifPresent(orderIds::add);
        for (UUID id : ids.subList(0, Math.min(ids.size(), MAX_EVENTS))) {
            Event event = event(id);
            events.add(event);
            uuid(event.subject()).ifPresent(orderIds::add);
        }
        events.sort(
                java.util.Comparator.comparing(
                        (Event e) -> e.outbox() == null ? null : e.outbox().createdAt(),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        Map<UUID, LineageQueries.OrderRow> orders = new LinkedHashMap<>();
        for (UUID id : orderIds) {
            queries.order(id).ifPresent(order -> orders.put(order.id(), order));
        }
        return new Lineage(
                query.strip(), searchedBy, List.copyOf(orders.values()), events, truncated);
    }

    private Event event(UUID id) {
        LineageQueries.OutboxRow outbox = queries.outbox(id).orElse(null);
        List<LineageQueries.Queued> queued = queries.queued(id);
        List<DeadLetterQueries.Letter> letters = deadLetters.forEvent(id);
        String type = outbox != null ? outbox.eventType() : null;
        String subject = outbox != null ? outbox.aggregateId() : null;
        String traceparent = outbox != null ? outbox.traceparent() : null;
        for (LineageQueries.Queued q : queued) {
            type = type == null ? q.eventType() : type;
            subject = subject == null ? q.subject() : subject;
            traceparent = traceparent == null ? q.traceparent() : traceparent;
        }
        for (DeadLetterQueries.Letter letter : letters) {
            type = type == null ? letter.eventType() : type;
            subject = subject == null ? letter.key() : subject;
        }
        List<LineageQueries.Position> positions = queries.positions(id);
        String walPosition =
                positions.stream()
                        .map(LineageQueries.Position::walPosition)
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .collect(java.util.stream.Collectors.joining(", "));
        Map<String, List<String>> groupsByRecord = new LinkedHashMap<>();
        for (LineageQueries.Position p : positions) {
            groupsByRecord
                    .computeIfAbsent(
                            p.topic() + " partition " + p.partition() + " offset " + p.offset(),
                            record -> new ArrayList<>())
                    .add(p.effect());
        }
        List<String> kafkaPositions =
                groupsByRecord.entrySet().stream()
                        .map(e -> e.getKey() + " (read by " + String.join(", ", e.getValue()) + ")")
                        .toList();
        return new Event(
                id,
                type,
                subject,
                traceparent,
                outbox,
                walPosition.isEmpty() ? null : walPosition,
                kafkaPositions,
                queries.attempts(id),
                queries.done(id),
                queued,
                letters);
    }

    private static Optional<UUID> uuid(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String traceId(String q) {
        if (TRACE_ID.matcher(q).matches()) {
            return q;
        }
        Matcher traceparent = TRACEPARENT.matcher(q);
        return traceparent.matches() ? traceparent.group(1) : null;
    }
}
