package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.RecordingHttpServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test event goes through the deliveries' {@code WebhookTargets}: a denied address is refused
 * before anything is sent, an allowed one gets the signed message. A real server on loopback.
 */
class TestEventSenderTest {

    private static final String SECRET =
            "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);

    private final RecordingHttpServer subscriber = new RecordingHttpServer();

    @AfterEach
    void close() {
        subscriber.close();
    }

    @Test
    void aDeniedAddressIsRefusedAndNothingIsSent() {
        try (TestEventSender sender = sender(false)) {
            TestEventSender.Result result =
                    sender.send(endpoint(subscriber.baseUrl()), SECRET, "olivia");

            assertThat(result.status()).isNull();
            assertThat(result.error())
                    .startsWith(
                            "refused: endpoint host 127.0.0.1 resolves to the denied address"
                                    + " 127.0.0.1");
        }
        assertThat(subscriber.requests()).isEmpty();
    }

    @Test
    void anAllowedAddressGetsTheSignedTestMessage() {
        try (TestEventSender sender = sender(true)) {
            TestEventSender.Result result =
                    sender.send(endpoint(subscriber.baseUrl()), SECRET, "olivia");

            assertThat(result.ok()).as(result.error()).isTrue();
        }
        RecordingHttpServer.Request request = subscriber.requests("POST", "/hooks").get(0);
        assertThat(request.header("webhook-id")).startsWith("test_");
        assertThat(request.header("webhook-signature")).startsWith("v1,");
        assertThat(request.body()).contains("\"type\":\"fleet.test\"");
    }

    @Test
    void aUrlThatIsNotHttpIsNotSent() {
        try (TestEventSender sender = sender(true)) {
            assertThat(sender.send(endpoint("file:///etc/passwd"), SECRET, "olivia").error())
                    .isEqualTo(
                            "not sent: endpoint URL is not an absolute http(s) URL:"
                                    + " file:///etc/passwd");
        }
    }

    private static TestEventSender sender(boolean allowPrivate) {
        ConsoleProperties properties =
                new ConsoleProperties(
                        URI.create("http://127.0.0.1:8081"),
                        Duration.ofSeconds(1),
                        "fleet_outbox_slot",
                        Duration.ofSeconds(5),
                        5,
                        1000,
                        300,
                        Duration.ofSeconds(2));
        return new TestEventSender(
                JsonMapper.builder().build(), properties, Clock.systemUTC(), allowPrivate);
    }

    private static EndpointAdmin.Endpoint endpoint(String baseUrl) {
        String url = baseUrl.startsWith("http") ? baseUrl + "/hooks" : baseUrl;
        return new EndpointAdmin.Endpoint(
                UUID.randomUUID(),
                url,
                List.of("order.created"),
                null,
                true,
                0,
                null,
                null,
                Instant.now(),
                null,
                "sbx1:k1:sealed-as-stored");
    }
}
