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

    /**
     * One request as the server received it (header names lower case), when it arrived and the
     * status it was answered with.
     */
    public record Request(
            String method,
            String path,
            Map<String, String> headers,
            String body,
            java.time.Instant receivedAt,
            int answeredStatus) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private volatile int defaultStatus = 200;
    private volatile Map<String, String> defaultHeaders = Map.of();
    private volatile boolean hanging;
    private final Object hangMonitor = new Object();

    public RecordingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback HTTP server", e);
        }
        // unbounded: a hanging answer holds its thread, and must not starve the other requests
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/",
                exchange -> {
                    java.time.Instant receivedAt = java.time.Instant.now();
                    Map<String, String> headers = new java.util.TreeMap<>();
                    exchange.getRequestHeaders()
                            .forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                    String body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (hanging) {
                        awaitUnhung();
                    }
                    int status = nextStatus();
                    requests.add(
                            new Request(
                                    exchange.getRequestMethod(),
                                    exchange.getRequestURI().getPath(),
                                    Map.copyOf(headers),
                                    body,
                                    receivedAt,
                                    status));
                    defaultHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
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
        respondAlways(status, Map.of());
    }

    /** Answers every request with this status and these headers (e.g. {@code Retry-After}). */
    public void respondAlways(int status, Map<String, String> headers) {
        defaultHeaders = Map.copyOf(headers);
        defaultStatus = status;
    }

    /**
     * While hanging, requests are held unanswered (a destination that never answers); they are
     * answered and recorded, late, once {@link #hang(boolean) hang(false)} is called.
     */
    public void hang(boolean hang) {
        synchronized (hangMonitor) {
            hanging = hang;
            hangMonitor.notifyAll();
        }
    }

    private void awaitUnhung() {
        synchronized (hangMonitor) {
            while (hanging) {
                try {
                    hangMonitor.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests answered with a 2xx status. */
    public List<Request> answered(String method, String path) {
        return requests(method, path).stream()
                .filter(r -> r.answeredStatus() >= 200 && r.answeredStatus() < 300)
                .toList();
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
        defaultHeaders = Map.of();
        hang(false);
    }

    private synchronized int nextStatus() {
        Integer scripted = scriptedStatuses.poll();
        return scripted != null ? scripted : defaultStatus;
    }

    @Override
    public void close() {
        hang(false);
        server.stop(0);
    }
}
