package io.outboxfleet.relay.streaming;

import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnector;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.processors.spi.PostProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's Postgres connector, with a task that polls its queue only when the streaming thread
 * has queued something. Debezium's own poll waits for a full batch or {@code poll.interval.ms} and
 * then spins through the last millisecond of the interval (its timer counts whole milliseconds), so
 * an idle relay polling every 10 ms kept about a tenth of a core busy. Here an idle task sleeps
 * until the {@link Wake} post-processor, which Debezium calls for every change before queueing it,
 * raises the engine's {@link WorkSignal}, or until {@link #IDLE_WAKE} passed (Debezium's own
 * heartbeat records and the commit of confirmed offsets happen in that poll). Under load nothing
 * changes: the signal is raised whenever the task polls, and the batch is what Debezium hands over.
 */
public class WakingPostgresConnector extends PostgresConnector {

    /** The longest an idle task sleeps before it polls anyway. */
    static final Duration IDLE_WAKE = Duration.ofSeconds(1);

    /** Name of the post-processor in the connector configuration. */
    static final String POST_PROCESSOR = "wake";

    /** Connector property naming the engine whose signal the post-processor and task share. */
    static final String SIGNAL_PROPERTY = "post.processors." + POST_PROCESSOR + ".engine";

    @Override
    public Class<? extends Task> taskClass() {
        return WakingTask.class;
    }

    /** Debezium's Postgres task, waiting for its {@link WorkSignal} before each poll. */
    public static class WakingTask extends PostgresConnectorTask {

        private volatile WorkSignal signal;
        private volatile int maxBatchSize = Integer.MAX_VALUE;

        @Override
        public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(
                Configuration config) {
            signal = WorkSignal.of(config.getString(SIGNAL_PROPERTY));
            maxBatchSize = config.getInteger("max.batch.size", Integer.MAX_VALUE);
            return super.start(config);
        }

        @Override
        public List<SourceRecord> doPoll() throws InterruptedException {
            WorkSignal s = signal;
            if (s == null) {
                return super.doPoll();
            }
            s.awaitWork(IDLE_WAKE);
            List<SourceRecord> records = super.doPoll();
            if (records.size() >= maxBatchSize) {
                // a full batch may have left records queued whose signal this poll consumed
                s.raiseAgain();
            }
            return records;
        }

        @Override
        protected void doStop() {
            WorkSignal s = signal;
            if (s != null) {
                s.release();
            }
            super.doStop();
        }
    }

    /** Raises the engine's signal for every change the streaming thread is about to queue. */
    public static class Wake implements PostProcessor {

        private volatile WorkSignal signal;

        @Override
        public void configure(Map<String, ?> properties) {
            signal = WorkSignal.of(String.valueOf(properties.get("engine")));
        }

        @Override
        public void apply(Object key, Struct value) {
            signal.raise();
        }

        @Override
        public void close() {}
    }
}
