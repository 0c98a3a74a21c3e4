package io.outboxfleet.devsinks;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a JSON reply and closes the exchange. */
final class HttpReplies {

    private HttpReplies() {}

    static void json(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = (JsonText.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
