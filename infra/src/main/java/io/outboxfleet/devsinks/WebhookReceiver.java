package io.outboxfleet.devsinks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A demo subscriber for outgoing webhooks at {@code POST /hooks/{name}}. It records every delivery
 * and checks its Standard Webhooks signature against the secret(s) in the secret file (one {@code
 * whsec_} secret per line, read again whenever the file changes, so it may appear after start-up):
 * {@code signature=valid}, {@code invalid}, or {@code unverified} when there is no secret to check
 * with.
 *
 * <p>It answers 200 even to a bad signature, so the demo shows the verdict instead of a retry
 * storm; a real receiver would answer 4xx.
 */
final class WebhookReceiver implements HttpHandler {

    private final Optional<Path> secretFile;
    private final Recorded<Map<String, Object>> deliveries = new Recorded<>(1000);
    private final boolean logEach;

    /** The secrets last read and the file's modification time and size when they were read. */
    private record Secrets(FileTime modified, long size, List<String> values) {}

    private volatile Secrets cached = new Secrets(FileTime.fromMillis(0), -1, List.of());

    WebhookReceiver(Optional<Path> secretFile, boolean logEach) {
        this.secretFile = secretFile;
        this.logEach = logEach;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            HttpReplies.json(
                    exchange, 405, Map.of("error", "webhooks are POSTed; see GET /_webhooks"));
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        String name = exchange.getRequestURI().getPath().substring("/hooks/".length());
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String verdict = verdict(id, timestamp, body, signature);

        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("receivedAt", Instant.now().toString());
        delivery.put("hook", name);
        delivery.put("webhookId", id);
        delivery.put("webhookTimestamp", timestamp);
        delivery.put("signature", verdict);
        delivery.put("body", new String(body, StandardCharsets.UTF_8));
        deliveries.add(delivery);
        if (logEach) {
            SinkLog.line(
                    "webhook POST /hooks/"
                            + name
                            + " webhook-id="
                            + id
                            + " signature="
                            + verdict
                            + " body="
                            + SinkLog.oneLine(new String(body, StandardCharsets.UTF_8)));
        }
        HttpReplies.json(exchange, 200, Map.of("signature", verdict));
    }

    /** How many were received since start. */
    long received() {
        return deliveries.total();
    }

    List<Map<String, Object>> deliveries() {
        return deliveries.all();
    }

    private String verdict(String id, String timestamp, byte[] body, String signature) {
        List<String> secrets = secrets();
        if (secrets.isEmpty()) {
            return "unverified";
        }
        for (String secret : secrets) {
            if (StandardWebhookSignature.verify(secret, id, timestamp, body, signature)) {
                return "valid";
            }
        }
        return "invalid";
    }

    /** The file's secrets; one stat per call, the file is read only when it changed. */
    private List<String> secrets() {
        if (secretFile.isEmpty()) {
            return List.of();
        }
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(secretFile.get(), BasicFileAttributes.class);
            Secrets known = cached;
            if (attributes.lastModifiedTime().equals(known.modified())
                    && attributes.size() == known.size()) {
                return known.values();
            }
            List<String> values =
                    Files.readAllLines(secretFile.get()).stream()
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
            cached = new Secrets(attributes.lastModifiedTime(), attributes.size(), values);
            return values;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            SinkLog.line(
                    "webhook secret file " + secretFile.get() + " unreadable: " + e.getMessage());
            return List.of();
        }
    }
}
