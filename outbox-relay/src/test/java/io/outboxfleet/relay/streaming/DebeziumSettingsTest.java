package io.outboxfleet.relay.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.publishing.OutboxRecordMapperTest;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DebeziumSettingsTest {

    private final RelayProperties relay = OutboxRecordMapperTest.properties("/command-service");
    private final DatabaseLogin db =
            new DatabaseLogin("jdbc:postgresql://db.example:5433/fleet", "fleet", "secret");

    @Test
    void heartbeatIsALogicalDecodingMessageNotATableWrite() {
        Properties p = DebeziumSettings.of(relay, db, false);

        assertThat(p.getProperty("heartbeat.action.query"))
                .isEqualTo("select pg_logical_emit_message(false, 'fleet-relay-heartbeat', '')");
        assertThat(p.getProperty("table.include.list"))
                .isEqualTo("public.outbox_events,public.orders")
                .doesNotContain("heartbeat");
        assertThat(p.getProperty("message.prefix.exclude.list")).isEqualTo(".*");
    }

    @Test
    void batchAndQueueSizesComeFromTheRelaySettings() {
        Properties p = DebeziumSettings.of(relay, db, false);

        assertThat(p.getProperty("max.batch.size")).isEqualTo("4096");
        assertThat(p.getProperty("max.queue.size")).isEqualTo("16384");
    }

    @Test
    void resnapshotStartsFromASnapshotWhateverTheConfiguredMode() {
        assertThat(DebeziumSettings.of(relay, db, false).getProperty("snapshot.mode"))
                .isEqualTo("initial");
        RelayProperties noData = withSnapshotMode("no_data");
        assertThat(DebeziumSettings.of(noData, db, false).getProperty("snapshot.mode"))
                .isEqualTo("no_data");
        assertThat(DebeziumSettings.of(noData, db, true).getProperty("snapshot.mode"))
                .isEqualTo("initial");
    }

    @Test
    void offsetsAreKeyedByTheSlotsEngineName() {
        assertThat(DebeziumSettings.of(relay, db, false).getProperty("name"))
                .isEqualTo(DebeziumSettings.engineName("fleet_outbox_slot"))
                .isEqualTo("outbox-relay-fleet_outbox_slot");
    }

    private RelayProperties withSnapshotMode(String mode) {
        return new RelayProperties(
                relay.slotName(),
                relay.publication(),
                mode,
                relay.defaultSource(),
                relay.topicTemplate(),
                relay.outbox(),
                relay.heartbeatInterval(),
                relay.pollInterval(),
                relay.offsetFlushInterval(),
                relay.maxBatchSize(),
                relay.maxQueueSize(),
                relay.lockPollInterval(),
                relay.restartDelay(),
                relay.slotLagInterval(),
                relay.onLostSlot(),
                relay.retention(),
                relay.retentionInterval(),
                relay.rows());
    }
}
