package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.TopicReader;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two relays on one slot: one streams, the other stands by and takes over when the first stops. */
class RelayFailoverIT {

    private final String slot = OutboxRows.uniqueSlot("failover_it");

    @AfterEach
    void dropSlot() {
        OutboxRows.dropSlot(slot);
    }

    @Test
    void standbyTakesOverWhenTheActiveRelayStops() throws Exception {
        String type = OutboxRows.uniqueAggregateType("failover");
        try (TopicReader topic = new TopicReader("fleet." + type + ".events");
                RunningRelay first = RunningRelay.start(slot).awaitRole("active");
                RunningRelay second = RunningRelay.start(slot).awaitRole("standby")) {

            String beforeFailover = OutboxRows.insert(type, "f-1", "thing.happened", "{}", "{}");
            topic.awaitId(beforeFailover);
            assertThat(second.health())
                    .contains("\"status\":\"UP\"")
                    .contains("\"role\":\"standby\"");

            first.close();
            String afterFailover = OutboxRows.insert(type, "f-1", "thing.happened", "{}", "{}");

            second.awaitRole("active");
            topic.awaitIds(
                    java.util.List.of(beforeFailover, afterFailover), Duration.ofSeconds(60));
        }
    }
}
