package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.TopicReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stopping the relay mid-stream loses nothing: it resumes from the offsets in relay_offsets. */
class RelayRestartIT {

    private final String slot = OutboxRows.uniqueSlot("restart_it");

    @AfterEach
    void dropSlot() {
        OutboxRows.dropSlot(slot);
    }

    @Test
    void stoppedMidStreamThenRestartedPublishesEveryRow() throws Exception {
        String type = OutboxRows.uniqueAggregateType("restart");
        List<String> ids = new ArrayList<>();
        try (TopicReader topic = new TopicReader("fleet." + type + ".events")) {
            RunningRelay first = RunningRelay.start(slot).awaitRole("active");
            for (int i = 0; i < 150; i++) {
                ids.add(
                        OutboxRows.insert(
                                type,
                                "agg-" + (i % 5),
                                "thing.happened",
                                "{\"n\": " + i + "}",
                                "{}"));
                if (i == 100) {
                    first.close(); // mid-stream: some rows published, some not yet read
                }
            }
            for (int i = 150; i < 200; i++) {
                ids.add(
                        OutboxRows.insert(
                                type,
                                "agg-" + (i % 5),
                                "thing.happened",
                                "{\"n\": " + i + "}",
                                "{}"));
            }
            assertThat(storedOffsets()).isPositive();

            try (RunningRelay second = RunningRelay.start(slot).awaitRole("active")) {
                topic.awaitIds(ids, Duration.ofSeconds(90));
            }
        }
    }

    private int storedOffsets() throws Exception {
        try (Connection c = OutboxRows.connection();
                PreparedStatement q =
                        c.prepareStatement(
                                "select count(*) from relay_offsets where convert_from(offset_key, 'UTF8') like ?")) {
            q.setString(1, "%outbox-relay-" + slot + "%");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
