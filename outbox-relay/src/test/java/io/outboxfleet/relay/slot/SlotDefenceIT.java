package io.outboxfleet.relay.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.relay.support.OutboxRows;
import io.outboxfleet.relay.support.RunningRelay;
import io.outboxfleet.relay.support.Slots;
import io.outboxfleet.relay.support.TopicReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The slot defends itself: heartbeats move it on an idle database without table writes; a lost slot
 * makes the relay unhealthy with one log line and is never re-created behind the operator's back;
 * the age of the oldest unpublished row is reported while nothing publishes.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlotDefenceIT {

    private static final String LOST_LINE = "is lost (wal_status=lost";

    private final String slot = OutboxRows.uniqueSlot("slot_it");

    @AfterEach
    void cleanUp() {
        Slots.restoreWalKeepSize();
        OutboxRows.dropSlot(slot);
    }

    @Test
    void heartbeatsMoveTheSlotOnAnIdleDatabaseWithoutWritingATable() throws Exception {
        try (RunningRelay relay =
                RunningRelay.start(slot, "--fleet.relay.heartbeat-interval=300ms")
                        .awaitRole("active")) {
            // other applications write WAL the publication does not carry
            Slots.writeUnpublishedWal(1_000);
            String afterUnrelatedWrites = Slots.currentLsn();

            await("slot confirmed past the unrelated writes")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    Slots.isAfter(
                                            Slots.confirmedFlushLsn(slot), afterUnrelatedWrites));
        }
        try (Connection c = OutboxRows.connection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "select count(*) from pg_publication_tables where pubname = 'fleet_outbox'"
                                        + " and tablename = 'relay_heartbeat'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no heartbeat table in the publication").isZero();
        }
    }

    @Test
    void lostSlotMakesTheRelayUnhealthyOnceAndIsNeverRecreatedSilently(CapturedOutput output)
            throws Exception {
        String type = OutboxRows.uniqueAggregateType("lost");
        try (TopicReader topic = new TopicReader("fleet." + type + ".events")) {
            try (RunningRelay relay = RunningRelay.start(slot).awaitRole("active")) {
                topic.awaitId(OutboxRows.insert(type, "l-1", "thing.happened", "{}", "{}"));
            }
            // committed while no relay streams, then its WAL is removed before anyone published it
            String stranded = OutboxRows.insert(type, "l-2", "thing.happened", "{}", "{}");
            Slots.makeLost(slot);

            try (RunningRelay relay =
                    RunningRelay.start(
                            slot,
                            "--fleet.relay.restart-delay=300ms",
                            "--fleet.relay.slot-lag-interval=300ms")) {
                await("relay unhealthy")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () ->
                                        assertThat(relay.health())
                                                .contains("\"status\":\"DOWN\"")
                                                .contains("\"role\":\"failed\"")
                                                .contains(LOST_LINE));
                assertThat(relay.get("/actuator/health/readiness")).contains("\"DOWN\"");
                await("lost slot metric")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () ->
                                        assertThat(relay.get("/actuator/prometheus"))
                                                .contains(
                                                        "fleet_replication_slot_wal_status{slot=\""
                                                                + slot
                                                                + "\",status=\"lost\"} 1.0"));
                double firstAge = unpublishedAge(relay);
                // several lock attempts and slot checks later: still refused, still one line
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
                assertThat(unpublishedAge(relay)).isGreaterThan(firstAge).isPositive();
                assertThat(occurrences(output.getAll(), LOST_LINE)).isEqualTo(1);
                assertThat(Slots.walStatus(slot))
                        .as("the lost slot is left as it is")
                        .isEqualTo("lost");
                assertThat(topic.eventIds()).doesNotContain(stranded);
            }

            // only when the operator says so: drop slot and offsets, snapshot the outbox again
            try (RunningRelay relay =
                    RunningRelay.start(
                                    slot,
                                    "--fleet.relay.on-lost-slot=resnapshot",
                                    "--fleet.relay.slot-lag-interval=300ms")
                            .awaitRole("active")) {
                topic.awaitId(stranded);
                assertThat(Slots.walStatus(slot)).isEqualTo("reserved");
                await("nothing left unpublished")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> unpublishedAge(relay) == 0.0);
            }
        }
    }

    private double unpublishedAge(RunningRelay relay) {
        Matcher m =
                Pattern.compile(
                                "fleet_outbox_oldest_unpublished_age_seconds\\{slot=\""
                                        + slot
                                        + "\"} (\\S+)")
                        .matcher(relay.get("/actuator/prometheus"));
        assertThat(m.find()).as("unpublished age gauge").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
