package io.outboxfleet.relay.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.TopicReader;
import io.outboxfleet.testsupport.KafkaProcess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka stopped while the relay publishes, then started again: every row committed meanwhile
 * reaches Kafka, and the same relay recovers without being restarted.
 */
class KafkaOutageIT {

    private final String slot = OutboxRows.uniqueSlot("kafka_outage_it");

    @AfterEach
    void dropSlot() {
        OutboxRows.dropSlot(slot);
    }

    @Test
    void kafkaDownAndBackLosesNothingAndTheRelayRecoversByItself() throws Exception {
        String type = OutboxRows.uniqueAggregateType("outage");
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
                new Thread(
                        () -> {
                            while (writing.get()) {
                                ids.add(
                                        OutboxRows.insert(
                                                type,
                                                "o-" + (ids.size() % 7),
                                                "thing.happened",
                                                "{}",
                                                "{}"));
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "outbox-writer");
        try (KafkaProcess kafka = KafkaProcess.start();
                TopicReader topic =
                        new TopicReader("fleet." + type + ".events", kafka.bootstrapServers());
                RunningRelay relay =
                        RunningRelay.start(
                                        slot,
                                        "--spring.kafka.bootstrap-servers="
                                                + kafka.bootstrapServers(),
                                        "--fleet.relay.restart-delay=1s")
                                .awaitRole("active")) {
            writer.start();
            await("publishing").atMost(Duration.ofSeconds(60)).until(() -> topic.count() > 20);

            kafka.stop();
            int beforeOutage = ids.size();
            await().pollDelay(Duration.ofSeconds(8)).until(() -> true);
            assertThat(ids.size())
                    .as("orders kept coming during the outage")
                    .isGreaterThan(beforeOutage);
            kafka.startAgain();
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            writing.set(false);
            writer.join(10_000);

            topic.awaitIds(ids, Duration.ofSeconds(120));
            relay.awaitRole("active");
            List<String> received = topic.eventIds();
            System.out.printf(
                    "kafka outage drill: %d rows, %d records, %d duplicates%n",
                    ids.size(), received.size(), received.size() - new HashSet<>(received).size());
            assertThat(relay.health()).contains("\"status\":\"UP\"");
        } finally {
            writing.set(false);
            writer.interrupt();
        }
    }
}
