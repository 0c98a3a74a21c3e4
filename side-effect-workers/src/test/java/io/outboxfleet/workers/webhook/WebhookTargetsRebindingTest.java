package io.outboxfleet.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.security.webhook.WebhookTargetPolicy;
import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.AsyncHttp;
import io.outboxfleet.workers.http.HttpAnswer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * DNS rebinding: a host whose answer changes from a public address to loopback between two lookups.
 * The client built by {@link WebhookTargets#client} asks the DNS once per connection and connects
 * to what that answer allowed, so the changed answer never reaches the loopback server; the request
 * keeps the URL's host name. A real server on loopback, a DNS of the test's own ({@link
 * WebhookTargetPolicy.Lookup}).
 */
class WebhookTargetsRebindingTest {

    /** TEST-NET-3 (RFC 5737): public to the deny-list, routed nowhere. */
    private static final String PUBLIC = "203.0.113.1";

    private final RecordingHttpServer internal = new RecordingHttpServer();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private AsyncHttp http;

    @AfterEach
    void close() {
        if (http != null) {
            http.close();
        }
        internal.close();
    }

    @Test
    void aDnsAnswerThatTurnsToLoopbackAfterTheCheckNeverReachesIt() throws Exception {
        WebhookTargets targets =
                new WebhookTargets(false, answers("rebinding.example", PUBLIC, "127.0.0.1"));
        http = client(targets);
        URI url = targets.check("http://rebinding.example:" + port() + "/hooks");

        // the one lookup answered the public address: connected there (where nobody listens)
        Throwable first = outcome(http.send("POST", url, Map.of(), "{}", "endpoint e1"));
        assertThat(internal.requests()).as("requests that reached loopback").isEmpty();
        assertThat(lookups).as("DNS lookups for one connection").hasSize(1);
        assertThat(first).isInstanceOf(EffectFailure.Retryable.class);

        // a new connection looks up again, and the loopback answer is refused before connecting
        Throwable second = failure(http.send("POST", url, Map.of(), "{}", "endpoint e1"));
        assertThat(second)
                .isInstanceOf(EffectFailure.Permanent.class)
                .hasMessage(
                        "endpoint host rebinding.example resolves to the denied address 127.0.0.1"
                                + " (FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true allows it)");
        assertThat(lookups).as("DNS lookups for two connections").hasSize(2);
        assertThat(internal.requests()).as("requests that reached loopback").isEmpty();
    }

    @Test
    void aDeniedLiteralAddressIsRefusedBeforeConnecting() {
        WebhookTargets targets = new WebhookTargets(false, answers("unused", PUBLIC));
        http = client(targets);
        URI url = targets.check(internal.baseUrl() + "/hooks");

        assertThat(failure(http.send("POST", url, Map.of(), "{}", "endpoint e2")))
                .isInstanceOf(EffectFailure.Permanent.class)
                .hasMessageStartingWith(
                        "endpoint host 127.0.0.1 resolves to the denied address 127.0.0.1");
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheOriginalHostName() throws Exception {
        WebhookTargets targets =
                new WebhookTargets(true, answers("subscriber.example", "127.0.0.1"));
        http = client(targets);
        URI url = targets.check("http://subscriber.example:" + port() + "/hooks");

        HttpAnswer answer =
                http.send("POST", url, Map.of("webhook-id", "msg_1"), "{\"a\":1}", "endpoint e3")
                        .get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(lookups).containsExactly("subscriber.example");
        RecordingHttpServer.Request request = internal.requests("POST", "/hooks").get(0);
        assertThat(request.header("Host")).isEqualTo("subscriber.example:" + port());
        assertThat(request.header("webhook-id")).isEqualTo("msg_1");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
    }

    /**
     * Answers the first lookup of {@code host} with the first address, later ones with the next.
     */
    private WebhookTargetPolicy.Lookup answers(String host, String... addresses) {
        return name -> {
            lookups.add(name);
            if (!name.equals(host)) {
                // a literal: what the system makes of it, no DNS involved
                return new InetAddress[] {InetAddress.getByName(name)};
            }
            long asked = lookups.stream().filter(host::equals).count();
            int answer = (int) Math.min(asked, addresses.length) - 1;
            return new InetAddress[] {InetAddress.getByName(addresses[answer])};
        };
    }

    private static AsyncHttp client(WebhookTargets targets) {
        return targets.client(
                "rebinding-test",
                new AsyncHttp.Limits(
                        Duration.ofSeconds(1), Duration.ofSeconds(3), DataSize.ofKilobytes(64), 4),
                Runnable::run,
                Clock.systemUTC());
    }

    private static Throwable failure(CompletableFuture<HttpAnswer> call) {
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        return call.handle((answer, failure) -> failure).join();
    }

    /** The call's failure, or null when it was answered. */
    private static Throwable outcome(CompletableFuture<HttpAnswer> call) throws Exception {
        return call.handle((answer, failure) -> failure).get(10, TimeUnit.SECONDS);
    }

    private int port() {
        return URI.create(internal.baseUrl()).getPort();
    }
}
