package io.outboxfleet.command.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.KafkaBroker;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client that closes its stream gets its per-user slot back at once: its reconnect is not a 429
 * (issue 14: it used to wait for the next heartbeat, about 35 s).
 */
class StreamSlotIT extends ApiIntegrationTest {

    private final String carol = Tokens.of("carol", "customer");
    private final List<SseClient> clients = new ArrayList<>();

    @LocalServerPort private int port;

    @Autowired private ChangeFeed feed;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    @Test
    void aClosedStreamFreesItsSlotForTheReconnectAtOnce() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(feed::ready);
        for (int i = 0; i < 4; i++) {
            clients.add(SseClient.open(port, "table=orders", carol, null));
        }
        assertThat(clients).extracting(c -> c.status).containsOnly(200);
        try (Socket fifth = new Socket("127.0.0.1", port)) {
            fifth.getOutputStream()
                    .write(
                            ("GET /api/changes?table=orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            + "Accept: text/event-stream\r\nAuthorization: Bearer "
                                            + carol
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readUntil(fifth.getInputStream(), ":connected")).startsWith("HTTP/1.1 200");
        }

        long start = System.nanoTime();
        SseClient reconnect = SseClient.open(port, "table=orders", carol, null);
        clients.add(reconnect);

        assertThat(reconnect.status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        SseClient oneTooMany = SseClient.open(port, "table=orders", carol, null);
        clients.add(oneTooMany);
        assertThat(oneTooMany.status).as("the limit still holds for live streams").isEqualTo(429);
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!text.toString().contains(marker) && System.nanoTime() < deadline) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }
}
