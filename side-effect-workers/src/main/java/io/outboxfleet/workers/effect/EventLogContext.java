package io.outboxfleet.workers.effect;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;

/**
 * The log context of work done for one event: {@code traceId} (taken from the command's W3C {@code
 * traceparent}, the same MDC key command-service's tracing writes) and {@code eventId}, put in the
 * MDC for the duration of a scope, so every log line of that work names them (ECS fields {@code
 * traceId}, {@code eventId}). Close the scope in a finally block: threads are pooled.
 */
public final class EventLogContext implements AutoCloseable {

    static final String TRACE_ID = "traceId";
    static final String EVENT_ID = "eventId";

    /**
     * W3C Trace Context version 00 (the only one we write); anything else is ignored, never logged.
     */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final String previousTraceId;
    private final String previousEventId;

    private EventLogContext(String traceparent, String eventId) {
        previousTraceId = MDC.get(TRACE_ID);
        previousEventId = MDC.get(EVENT_ID);
        String traceId = traceId(traceparent);
        put(TRACE_ID, traceId);
        put(EVENT_ID, eventId);
    }

    /** Opens the context of a queued delivery. */
    public static EventLogContext of(String traceparent, UUID eventId) {
        return new EventLogContext(traceparent, eventId == null ? null : eventId.toString());
    }

    /**
     * Opens the context of a Kafka record as it arrived (its headers are not trusted: malformed
     * values are left out).
     */
    public static EventLogContext of(ConsumerRecord<?, ?> record) {
        return new EventLogContext(traceparent(record), uuidOrNull(header(record, "ce_id")));
    }

    /** The record's {@code traceparent} header if it is a well-formed version-00 one, else null. */
    public static String traceparent(ConsumerRecord<?, ?> record) {
        String value = header(record, "traceparent");
        return value != null && TRACEPARENT.matcher(value).matches() ? value : null;
    }

    @Override
    public void close() {
        put(TRACE_ID, previousTraceId);
        put(EVENT_ID, previousEventId);
    }

    private static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(traceparent);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
