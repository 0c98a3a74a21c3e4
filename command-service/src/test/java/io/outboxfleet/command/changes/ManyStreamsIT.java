package io.outboxfleet.command.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * 200 concurrent streams held on one command-service all receive a change. Prints the heap the
 * streams add (measured, not asserted; docs/realtime.md records the number).
 */
class ManyStreamsIT extends ApiIntegrationTest {

    private static final int STREAMS = 200;

    @LocalServerPort private int port;

    @Autowired private ChangeFeed feed;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
    }

    @Test
    void twoHundredConcurrentStreamsEachReceiveAChange() {
        await().atMost(Duration.ofSeconds(60)).until(feed::ready);
        long before = heapAfterGc();
        List<SseClient> clients = new ArrayList<>();
        try (RowChanges rows = new RowChanges()) {
            for (int i = 0; i < STREAMS; i++) {
                clients.add(
                        SseClient.open(
                                port, "table=orders", Tokens.of("admin-" + i, "admin"), null));
            }
            assertThat(clients).extracting(c -> c.status).containsOnly(200);
            long held = heapAfterGc();

            rows.orderInserted(UUID.randomUUID().toString(), "alice", "PENDING_PAYMENT");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> clients.stream().allMatch(c -> !c.events.isEmpty()));
            System.out.printf(
                    "ManyStreamsIT: %d streams, heap after GC %d KiB before, %d KiB held, %d KiB per stream"
                            + " (server and test clients in one JVM)%n",
                    STREAMS, before / 1024, held / 1024, (held - before) / 1024 / STREAMS);
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
