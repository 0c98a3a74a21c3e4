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

    /**
     * The active relay's lock session is killed (Postgres terminates its backend, as a failover or
     * an idle-session timeout would): it stops streaming at once, so two relays never stream the
     * slot together, the standby takes the lock and streams on, and nothing written meanwhile is
     * lost.
     */
    @Test
    void anActiveRelayThatLosesItsLockSessionStopsAndTheStandbyTakesOver() throws Exception {
        String type = OutboxRows.uniqueAggregateType("lock_lost");
        try (TopicReader topic = new TopicReader("fleet." + type + ".events");
                RunningRelay first = RunningRelay.start(slot).awaitRole("active");
                RunningRelay second = RunningRelay.start(slot).awaitRole("standby")) {
            String before = OutboxRows.insert(type, "l-1", "thing.happened", "{}", "{}");
            topic.awaitId(before);

            assertThat(terminateLockSession()).as("the active relay's lock session").isOne();
            String during = OutboxRows.insert(type, "l-1", "thing.happened", "{}", "{}");

            second.awaitRole("active");
            first.awaitRole("standby");
            String after = OutboxRows.insert(type, "l-1", "thing.happened", "{}", "{}");
            topic.awaitIds(java.util.List.of(before, during, after), Duration.ofSeconds(60));
        }
    }

    /** Terminates the backend holding the slot's advisory lock; returns how many it terminated. */
    private int terminateLockSession() throws java.sql.SQLException {
        try (java.sql.Connection c = OutboxRows.connection();
                java.sql.PreparedStatement kill =
                        c.prepareStatement(
                                """
                                with k as (select hashtextextended(?, 0) as key)
                                select count(pg_terminate_backend(l.pid)) from pg_locks l, k
                                 where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                                   and l.classid::bigint = ((k.key >> 32) & 4294967295)
                                   and l.objid::bigint = (k.key & 4294967295)
                                """)) {
            kill.setString(1, "outbox-relay:" + slot);
            try (java.sql.ResultSet rows = kill.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
