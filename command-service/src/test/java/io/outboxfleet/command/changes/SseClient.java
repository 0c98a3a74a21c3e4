package io.outboxfleet.command.changes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SSE client over HTTP that keeps every event (name, id, parsed data) and comment it reads.
 */
final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One server-sent event. */
    record Event(String name, String id, JsonNode data) {}

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    final int status;

    /** Whether the server ended the stream (or the connection broke). */
    volatile boolean ended;

    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseClient(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
        HttpResponse<Stream<String>> answer = response.join();
        this.status = answer.statusCode();
        Thread reader = new Thread(() -> read(answer.body()), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(int port, String query, String token, String lastEventId) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/api/changes?" + query))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofMinutes(5));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseClient(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read(Stream<String> lines) {
        String name = null;
        String id = null;
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(
                                new Event(
                                        name == null ? "message" : name,
                                        id,
                                        JSON.readTree(String.join("\n", data))));
                    }
                    name = null;
                    id = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closed) {
            // the stream ended
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
    }
}
