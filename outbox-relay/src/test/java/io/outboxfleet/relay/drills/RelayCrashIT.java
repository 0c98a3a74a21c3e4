package io.outboxfleet.relay.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RelayProcess;
import io.outboxfleet.relay.support.TopicReader;
import io.outboxfleet.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL of the packaged relay while it drains a backlog, between two offset flushes: a new relay
 * process publishes every row; the duplicates are the records published since the last stored
 * offset, so at most about the flush interval times the publish rate (plus the batch in flight).
 */
class RelayCrashIT {

    private static final int ROWS = 20_000;
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(2);
    private static final int MAX_BATCH = 4_096;

    private final String slot = OutboxRows.uniqueSlot("crash_it");
    private final String type = OutboxRows.uniqueAggregateType("crash");

    @AfterEach
    void cleanUp() {
        OutboxRows.dropSlot(slot);
        // the next tests' new slots snapshot the outbox table: do not leave them 20,000 rows
        OutboxRows.deleteAll(type);
    }

    @Test
    void sigkillWhileDrainingLosesNothingAndDuplicatesAreBounded() throws Exception {
        Map<String, String> env =
                Map.of(
                        "FLEET_RELAY_OFFSET_FLUSH_INTERVAL",
                        FLUSH_INTERVAL.toMillis() + "ms",
                        "FLEET_RELAY_MAX_BATCH_SIZE",
                        Integer.toString(MAX_BATCH));
        String kafka = KafkaBroker.bootstrapServers();
        try (TopicReader topic = new TopicReader("fleet." + type + ".events")) {
            List<String> ids;
            int publishedAtKill;
            double perSecond;
            try (RelayProcess first = RelayProcess.start(slot, kafka, env).awaitStreaming()) {
                long start = System.nanoTime();
                ids = OutboxRows.insertMany(type, ROWS);
                // past the first offset flushes, before the end of the backlog
                await("two thirds of the backlog published")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> topic.count() >= ROWS * 2 / 3);
                first.kill();
                publishedAtKill = topic.count();
                perSecond = publishedAtKill / ((System.nanoTime() - start) / 1e9);
            }
            assertThat(publishedAtKill).as("killed mid-drain").isLessThan(ROWS);

            try (RelayProcess second = RelayProcess.start(slot, kafka, env).awaitStreaming()) {
                topic.awaitIds(ids, Duration.ofSeconds(180));
            }

            List<String> received = topic.eventIds();
            int distinct = new HashSet<>(received).size();
            int duplicates = received.size() - distinct;
            // the rate is averaged from the first insert (it underestimates the peak): one second
            // of slack for that, and one more batch for the one in flight at the kill
            long bound = Math.round(perSecond * (FLUSH_INTERVAL.toSeconds() + 1)) + 2L * MAX_BATCH;
            System.out.printf(
                    "relay crash drill: %d rows, %d published at SIGKILL (%.0f/s), %d duplicates"
                            + " after restart (bound %d = rate x (%s + 1 s) + two batches)%n",
                    ROWS, publishedAtKill, perSecond, duplicates, bound, FLUSH_INTERVAL);
            assertThat(new HashSet<>(received)).containsAll(ids);
            assertThat(duplicates).isLessThanOrEqualTo((int) bound);
        }
    }
}
