package io.outboxfleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop order load: POST /api/orders at a fixed rate for a fixed time, each request sent at its
 * scheduled instant whether or not earlier ones have been answered, and its latency measured from
 * that instant, so a server that falls behind shows its queueing instead of slowing the load down
 * (no coordinated omission).
 *
 * <pre>
 * java -cp ... io.outboxfleet.bench.OpenLoop --url http://127.0.0.1:8080 --token JWT \
 *     --products id1,id2 --rate 100 --seconds 20
 * </pre>
 *
 * Prints one line: {@code sent=.. ok=.. failed=.. rate=.. p50=.. p95=.. p99=.. max=..}
 * (milliseconds), then the first few failures.
 */
public final class OpenLoop {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String url = args.get("url", "http://127.0.0.1:8080") + "/api/orders";
        String token = args.get("token");
        List<String> products = List.of(args.get("products").split(","));
        double rate = args.decimal("rate", 50);
        double seconds = args.decimal("seconds", 10);
        long count = Math.round(rate * seconds);

        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .executor(Executors.newFixedThreadPool(4))
                        .build();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[(int) count];

        long periodNanos = (long) (1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * periodNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // the address must be the token's email claim (bench/run's customer token)
            String body =
                    "{\"customerEmail\":\"bench-customer@example.com\",\"items\":[{\"productId\":\""
                            + products.get(i % products.size())
                            + "\",\"quantity\":1}]}";
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
            calls[i] =
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, error) -> {
                                        double ms = (System.nanoTime() - scheduled) / 1e6;
                                        if (error == null && response.statusCode() / 100 == 2) {
                                            latencies.add(ms);
                                        } else {
                                            failed.incrementAndGet();
                                            if (failures.size() < 5) {
                                                failures.add(
                                                        error != null
                                                                ? error.toString()
                                                                : response.statusCode()
                                                                        + " "
                                                                        + response.body());
                                            }
                                        }
                                        return null;
                                    });
        }
        CompletableFuture.allOf(calls).get(2, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Percentiles p =
                new Percentiles(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(
                "sent=%d ok=%d failed=%d offered=%.0f rate=%.1f %s%n",
                count, p.count(), failed.get(), rate, p.count() / elapsed, p.describe(""));
        failures.forEach(f -> System.out.println("failure: " + f));
        System.exit(0);
    }
}
