package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a subscriber's answer can and cannot make a worker do (docs/security.md "outgoing webhooks":
 * nothing of the answer is trusted but its status): an endless body is read only up to {@code
 * fleet.webhooks.max-response-body} (64KB) and what is stored of it is short; a redirect is never
 * followed. Real subscribers on loopback, the shared scenario context.
 */
class WebhookAnswerSafetyIT extends WorkersScenario {

    private final RecordingHttpServer redirecting = new RecordingHttpServer();
    private final RecordingHttpServer redirectTarget = new RecordingHttpServer();
    private EndlessBody endless;

    @AfterEach
    void stopServers() {
        redirecting.close();
        redirectTarget.close();
        if (endless != null) {
            endless.close();
        }
    }

    @Test
    void aTwoHundredWithAnEndlessBodyIsADeliveryAndTheWorkerHangsUpAfterTheCap() {
        endless = new EndlessBody(200, "ok-");
        Subscription endpoint = subscribeUrl(endless.url(), "product.stock_changed");
        TestEvent event = TestEvent.of("product.stock_changed");

        EventProducer.send(event);

        await("the delivery recorded as done")
                .atMost(PATIENCE)
                .until(() -> effectDone(event, endpoint));
        await("the worker closed the connection")
                .atMost(Duration.ofSeconds(10))
                .until(endless.hungUp::get);
        assertThat(endless.requests.get()).isEqualTo(1);
        assertThat(attempts(event))
                .containsExactly(new Attempt(1, "success", null, null))
                .as("written before the worker hung up: %d bytes", endless.written.get());
    }

    @Test
    void anErrorWithAnEndlessBodyFailsAsItsStatusSaysAndOnlyAShortExcerptIsStored() {
        endless = new EndlessBody(400, "refused-because-");
        Subscription endpoint = subscribeUrl(endless.url(), "product.stock_changed");
        TestEvent event = TestEvent.of("product.stock_changed");

        EventProducer.send(event);

        String reason = awaitDeadLetterReason(event, endpoint);
        await("the worker closed the connection")
                .atMost(Duration.ofSeconds(10))
                .until(endless.hungUp::get);
        List<Attempt> attempts = attempts(event);
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).outcome()).isEqualTo("dead_letter");
        assertThat(attempts.get(0).statusCode()).isEqualTo(400);
        for (String stored : List.of(reason, attempts.get(0).error())) {
            assertThat(stored)
                    .contains("endpoint " + endpoint.id() + " answered HTTP 400: refused-because-")
                    .hasSizeLessThan(400);
        }
    }

    @Test
    void aRedirectIsNotFollowedAndIsAPermanentFailure() {
        redirecting.respondAlways(302, Map.of("Location", redirectTarget.baseUrl() + "/landed"));
        Subscription endpoint =
                subscribeUrl(redirecting.baseUrl() + "/moved", "product.stock_changed");
        TestEvent event = TestEvent.of("product.stock_changed");

        EventProducer.send(event);

        String reason = awaitDeadLetterReason(event, endpoint);
        assertThat(reason)
                .isEqualTo("permanent failure: endpoint " + endpoint.id() + " answered HTTP 302");
        assertThat(redirecting.requests()).hasSize(1);
        assertThat(redirectTarget.requests()).isEmpty();
        assertThat(attempts(event)).containsExactly(new Attempt(1, "dead_letter", 302, reason));
    }

    private record Attempt(int attempt, String outcome, Integer statusCode, String error) {}

    private List<Attempt> attempts(TestEvent event) {
        return jdbc.sql(
                        """
                        select attempt, outcome, status_code, error from delivery_attempts
                        where event_id = :id and effect = 'webhook' order by attempt""")
                .param("id", event.id())
                .query(Attempt.class)
                .list();
    }

    private boolean effectDone(TestEvent event, Subscription endpoint) {
        return jdbc.sql(
                                """
                        select count(*) from effect_log
                        where event_id = :id and effect = 'webhook' and target = :target""")
                        .param("id", event.id())
                        .param("target", endpoint.id().toString())
                        .query(Integer.class)
                        .single()
                == 1;
    }

    private String awaitDeadLetterReason(TestEvent event, Subscription endpoint) {
        String select =
                """
                select reason from dead_letters
                where event_id = :id and effect = 'webhook' and target = :target""";
        await("the dead letter")
                .atMost(PATIENCE)
                .until(
                        () ->
                                jdbc.sql(select)
                                        .param("id", event.id())
                                        .param("target", endpoint.id().toString())
                                        .query(String.class)
                                        .optional()
                                        .isPresent());
        return jdbc.sql(select)
                .param("id", event.id())
                .param("target", endpoint.id().toString())
                .query(String.class)
                .single();
    }

    /**
     * A subscriber that answers with a body that never ends: it writes until the client hangs up,
     * then notes that it did and how much it wrote.
     */
    private static final class EndlessBody implements AutoCloseable {

        final AtomicLong written = new AtomicLong();
        final AtomicBoolean hungUp = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger requests =
                new java.util.concurrent.atomic.AtomicInteger();
        private final HttpServer server;

        EndlessBody(int status, String prefix) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            server.createContext(
                    "/",
                    exchange -> {
                        requests.incrementAndGet();
                        exchange.getRequestBody().readAllBytes();
                        exchange.getResponseHeaders().add("Content-Type", "text/plain");
                        exchange.sendResponseHeaders(status, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(prefix.getBytes(StandardCharsets.UTF_8));
                            // bounded: a client that never hangs up fails the test, not the JVM
                            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                            while (System.nanoTime() < deadline) {
                                out.write(chunk);
                                out.flush();
                                written.addAndGet(chunk.length);
                            }
                        } catch (IOException closedByTheClient) {
                            hungUp.set(true);
                        } finally {
                            exchange.close();
                        }
                    });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
