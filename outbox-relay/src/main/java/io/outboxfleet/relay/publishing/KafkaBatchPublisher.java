package io.outboxfleet.relay.publishing;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Debezium's change consumer: sends a batch of outbox events and row changes to Kafka, waits once
 * for the whole batch ({@code flush}), and marks the batch processed only after Kafka acknowledged
 * every record of it; Debezium then stores the offsets (at most every {@code
 * offset-flush-interval}). A failed send fails the batch (and the engine): nothing of it is marked,
 * so the rows are read again on restart, with a new producer (the failed one is closed). At least
 * once; within one aggregate, in commit order (same key, same partition, idempotent producer).
 */
@Component
public class KafkaBatchPublisher
        implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>>,
                DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaBatchPublisher.class);

    private final ProducerFactory<String, String> producers;
    private final OutboxRecordMapper mapper;
    private final RowChangeMapper rowChanges;
    private final RelayMetrics metrics;
    private final PublishedWatermark watermark;
    private volatile Producer<String, String> producer;
    private volatile Runnable firstAcknowledged;

    KafkaBatchPublisher(
            ProducerFactory<String, String> producers,
            OutboxRecordMapper mapper,
            RowChangeMapper rowChanges,
            RelayMetrics metrics,
            PublishedWatermark watermark) {
        this.producers = producers;
        this.mapper = mapper;
        this.rowChanges = rowChanges;
        this.metrics = metrics;
        this.watermark = watermark;
    }

    /**
     * Opens the Kafka producer (connection, metadata) ahead of the first batch, so a relay that
     * becomes active does not pay for it after taking the lock.
     */
    public void warmUp() {
        producer();
    }

    /** Runs once, after the next batch with at least one record was acknowledged. */
    public void onFirstAcknowledged(Runnable action) {
        this.firstAcknowledged = action;
    }

    @Override
    public void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        Producer<String, String> kafka = producer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Integer> sentPerTopic = new HashMap<>();
        Instant newestCreatedAt = null;
        int sent = 0;
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            SourceRecord source = change.value();
            ProducerRecord<String, String> record;
            Instant committedAt;
            var event = mapper.toEvent(source);
            if (event.isPresent()) {
                record = mapper.toProducerRecord(event.get());
                committedAt = event.get().committedAt();
                Instant createdAt = event.get().createdAt();
                if (newestCreatedAt == null || createdAt.isAfter(newestCreatedAt)) {
                    newestCreatedAt = createdAt;
                }
            } else {
                var row = rowChanges.toRowChange(source);
                if (row.isEmpty()) {
                    continue;
                }
                record = row.get().record();
                committedAt = row.get().committedAt();
            }
            kafka.send(
                    record,
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            metrics.acknowledged(committedAt);
                        }
                    });
            sentPerTopic.merge(record.topic(), 1, Integer::sum);
            sent++;
        }
        if (sent > 0) {
            // one wait for the whole batch; also sends at once what linger.ms would hold back
            kafka.flush();
            if (failure.get() != null) {
                discardProducer();
                throw new KafkaPublishException(
                        "Kafka did not acknowledge a record; the batch will be read again",
                        failure.get());
            }
            sentPerTopic.forEach(metrics::published);
            if (newestCreatedAt != null) {
                watermark.acknowledged(newestCreatedAt);
            }
            Runnable first = firstAcknowledged;
            if (first != null) {
                firstAcknowledged = null;
                first.run();
            }
        }
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        if (sent > 0) {
            log.debug("published {} records", sent);
        }
    }

    private Producer<String, String> producer() {
        Producer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    // the settings of spring.kafka.producer.*, in a producer this class owns
                    p =
                            new KafkaProducer<>(
                                    producers.getConfigurationProperties(),
                                    new StringSerializer(),
                                    new StringSerializer());
                    producer = p;
                }
            }
        }
        return p;
    }

    private void discardProducer() {
        close(Duration.ZERO);
    }

    private synchronized void close(Duration timeout) {
        Producer<String, String> p = producer;
        producer = null;
        if (p != null) {
            p.close(timeout);
        }
    }

    @Override
    public void destroy() {
        close(Duration.ofSeconds(5));
    }

    /**
     * Kafka refused or timed out a record; the engine stops and resumes from the last stored
     * offset.
     */
    static final class KafkaPublishException extends RuntimeException {
        KafkaPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
