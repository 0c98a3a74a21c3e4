package io.outboxfleet.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that records every request and answers with scripted statuses
 * (default 200). Stands in for a CRM or a webhook subscriber in tests.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as the server received it; header names are lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private volatile int defaultStatus = 200;

    public RecordingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback HTTP server", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext(
                "/",
                exchange -> {
                    try (InputStream in = exchange.getRequestBody()) {
                        Map<String, String> headers = new java.util.TreeMap<>();
                        exchange.getRequestHeaders()
                                .forEach(
                                        (k, v) ->
                                                headers.put(k.toLowerCase(), String.join(",", v)));
                        requests.add(
                                new Request(
                                        exchange.getRequestMethod(),
                                        exchange.getRequestURI().getPath(),
                                        Map.copyOf(headers),
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                    int status = nextStatus();
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next requests with these statuses, in order, then with the default again. */
    public synchronized void respondNext(int... statuses) {
        for (int status : statuses) {
            scriptedStatuses.add(status);
        }
    }

    public void respondAlways(int status) {
        defaultStatus = status;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    public void reset() {
        requests.clear();
        synchronized (this) {
            scriptedStatuses.clear();
        }
        defaultStatus = 200;
    }

    private synchronized int nextStatus() {
        Integer scripted = scriptedStatuses.poll();
        return scripted != null ? scripted : defaultStatus;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
