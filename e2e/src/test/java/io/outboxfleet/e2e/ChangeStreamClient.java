package io.outboxfleet.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client of {@code GET /api/changes}, collecting the events it receives. */
final class ChangeStreamClient implements AutoCloseable {

    record Event(String type, String id, String data) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    ChangeStreamClient(String baseUrl, String token, String query) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/changes?" + query))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build();
        response =
                HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> collect(r.body()));
    }

    /** True once the server has sent anything (it opens every stream with a heartbeat). */
    boolean connected() {
        return connected;
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    private void collect(Stream<String> lines) {
        String[] current = new String[3];
        lines.forEach(
                line -> {
                    connected = true;
                    if (line.isEmpty()) {
                        if (current[0] != null || current[2] != null) {
                            events.add(new Event(current[0], current[1], current[2]));
                        }
                        current[0] = current[1] = current[2] = null;
                    } else if (line.startsWith("event:")) {
                        current[0] = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        current[1] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        current[2] =
                                (current[2] == null ? "" : current[2] + "\n")
                                        + line.substring(5).trim();
                    }
                });
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
