package io.outboxfleet.workers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.fixtures.BlackHoleServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The effects' HTTP client against real sockets on loopback: answers, timeouts, refusals. */
class AsyncHttpTest {

    private final ExecutorService completions =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "test-completions"));
    private final AsyncHttp http =
            new AsyncHttp(
                    "http-test",
                    new AsyncHttp.Limits(
                            Duration.ofSeconds(1),
                            Duration.ofMillis(500),
                            DataSize.ofKilobytes(64),
                            4),
                    AsyncHttp.SYSTEM_DNS,
                    completions,
                    Clock.systemUTC());

    @AfterEach
    void close() {
        http.close();
        completions.shutdownNow();
    }

    @Test
    void anAnswerKeepsStatusAndRetryAfterAndCompletesOnTheGivenExecutor() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            server.respondAlways(429, Map.of("Retry-After", "7"));
            CompletableFuture<String> completedOn =
                    http.send(
                                    "PUT",
                                    URI.create(server.baseUrl() + "/deals/1"),
                                    Map.of("Idempotency-Key", "k1"),
                                    "{}",
                                    "CRM")
                            .thenApply(
                                    answer -> {
                                        assertThat(answer.status()).isEqualTo(429);
                                        assertThat(answer.retryAfter())
                                                .isEqualTo(Duration.ofSeconds(7));
                                        return Thread.currentThread().getName();
                                    });

            assertThat(completedOn.get(10, TimeUnit.SECONDS)).isEqualTo("test-completions");
            assertThat(server.requests("PUT", "/deals/1").get(0).header("Idempotency-Key"))
                    .isEqualTo("k1");
        }
    }

    @Test
    void aDestinationThatNeverAnswersTimesOutAtTheResponseTimeout() {
        try (BlackHoleServer hung = new BlackHoleServer()) {
            long started = System.nanoTime();
            Throwable failure =
                    failure(
                            http.send(
                                    "POST",
                                    URI.create(hung.baseUrl()),
                                    Map.of(),
                                    "{}",
                                    "endpoint e1"));

            assertThat(failure)
                    .isInstanceOf(EffectFailure.Retryable.class)
                    .hasMessageStartingWith("endpoint e1 timed out");
            assertThat(((EffectFailure.Retryable) failure).overload()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClosedPortIsUnreachableAndRetryable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Throwable failure =
                failure(
                        http.send(
                                "POST",
                                URI.create("http://127.0.0.1:" + port + "/"),
                                Map.of(),
                                "{}",
                                "endpoint e2"));

        assertThat(failure)
                .isInstanceOf(EffectFailure.Retryable.class)
                .hasMessageStartingWith("endpoint e2 unreachable");
        assertThat(((EffectFailure.Retryable) failure).overload()).isFalse();
    }

    @Test
    void aResolverRefusalIsTheFailureItself() {
        try (AsyncHttp refusing =
                new AsyncHttp(
                        "http-test-refusing",
                        new AsyncHttp.Limits(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1),
                                DataSize.ofKilobytes(64),
                                4),
                        host -> {
                            throw EffectFailure.permanent("host " + host + " is not for us");
                        },
                        completions,
                        Clock.systemUTC())) {
            assertThat(
                            failure(
                                    refusing.send(
                                            "POST",
                                            URI.create("http://hooks.example/"),
                                            Map.of(),
                                            "{}",
                                            "endpoint e3")))
                    .isInstanceOf(EffectFailure.Permanent.class)
                    .hasMessage("host hooks.example is not for us");
        }
    }

    private static Throwable failure(CompletableFuture<HttpAnswer> call) {
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        return call.handle((answer, failure) -> failure).join();
    }
}
