package io.outboxfleet.devsinks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for the CRM's HTTP API: every write (PUT, POST, PATCH, DELETE) to any path is logged,
 * recorded and answered 200 with an empty JSON object. It enforces nothing, not even the bearer
 * token: it shows what the workers sent.
 */
final class CrmSink implements HttpHandler {

    private static final Set<String> WRITES = Set.of("PUT", "POST", "PATCH", "DELETE");

    private final Recorded<Map<String, Object>> requests = new Recorded<>(1000);
    private final boolean logEach;

    CrmSink(boolean logEach) {
        this.logEach = logEach;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!WRITES.contains(method)) {
            HttpReplies.json(
                    exchange,
                    405,
                    Map.of(
                            "error",
                            "the CRM sink accepts PUT, POST, PATCH and DELETE; "
                                    + "see GET /_crm, /_mails, /_webhooks"));
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("receivedAt", Instant.now().toString());
        request.put("method", method);
        request.put("path", path);
        request.put("idempotencyKey", key);
        request.put("authorization", masked(authorization));
        request.put("body", body);
        requests.add(request);
        if (logEach) {
            SinkLog.line(
                    "crm "
                            + method
                            + " "
                            + path
                            + " Idempotency-Key="
                            + key
                            + " body="
                            + SinkLog.oneLine(body));
        }
        HttpReplies.json(exchange, 200, Map.of());
    }

    /** {@code Bearer ***} for a bearer token; other schemes are shown as they came. */
    static String masked(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "bearer", 0, 6)
                && authorization.length() > 6
                && Character.isWhitespace(authorization.charAt(6))) {
            return authorization.substring(0, 6) + " ***";
        }
        return authorization;
    }

    /** How many were received since start. */
    long received() {
        return requests.total();
    }

    List<Map<String, Object>> requests() {
        return requests.all();
    }
}
