package io.outboxfleet.command.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The W3C {@code traceparent} of the span a command runs in, for the outbox row's headers, so the
 * command's effects downstream log the same trace id. Micrometer Tracing continues an incoming
 * {@code traceparent} or starts a new trace, so within a request there always is one; outside a
 * span (or if the value is not a version-00 traceparent) nothing is returned.
 */
@Component
public class CurrentTrace {

    /** W3C Trace Context version 00; anything else is dropped rather than forwarded to Kafka. */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;

    CurrentTrace(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** {@code {traceparent: ...}} of the current span, or an empty map when there is no span. */
    public Map<String, String> outboxHeaders() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        String traceparent = carrier.get("traceparent");
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                ? Map.of("traceparent", traceparent)
                : Map.of();
    }
}
