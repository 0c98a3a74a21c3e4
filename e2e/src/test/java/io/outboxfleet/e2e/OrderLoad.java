package io.outboxfleet.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places orders at a fixed rate while a fault is injected: open loop (one order every 1/rate
 * seconds whatever the answers), each from its own customer of the drill's prefix. What was
 * committed is read back from the database afterwards, not inferred from the answers: a request
 * that failed during a restart may still have committed.
 */
final class OrderLoad implements AutoCloseable {

    private final Api api;
    private final String productId;
    private final String customerPrefix;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService senders = Executors.newFixedThreadPool(16);
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();

    OrderLoad(Api api, String productId, String customerPrefix) {
        this.api = api;
        this.productId = productId;
        this.customerPrefix = customerPrefix;
    }

    /** Starts sending {@code perSecond} orders a second until {@link #close()}. */
    OrderLoad start(int perSecond) {
        clock.scheduleAtFixedRate(
                () -> senders.execute(this::placeOne),
                0,
                1_000_000 / perSecond,
                TimeUnit.MICROSECONDS);
        return this;
    }

    /** Waits while the load keeps running. */
    static void during(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int sent() {
        return sent.get();
    }

    /** How many requests got each status (-1: no answer, e.g. connection refused). */
    Map<Integer, Integer> answers() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        answers.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    private void placeOne() {
        String customer = customerPrefix + sent.incrementAndGet();
        int status;
        try {
            status =
                    api.post(
                                    "/api/orders",
                                    DevTokens.token(customer, "customer"),
                                    """
                            {"customerEmail": "%s@example.com", "items": [{"productId": "%s", "quantity": 1}]}
                            """
                                            .formatted(customer, productId))
                            .status();
        } catch (RuntimeException e) {
            status = -1;
        }
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Stops scheduling and waits (bounded) for the requests in flight. */
    @Override
    public void close() {
        clock.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
