package io.outboxfleet.relay.publishing;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Debezium's change consumer: sends a batch of outbox events and row changes to Kafka and marks the
 * batch processed only after Kafka acknowledged every record of it. A failed send fails the batch
 * (and the engine): nothing of it is marked, so the rows are read again on restart. At least once;
 * within one aggregate, in commit order (same key, same partition, idempotent producer).
 */
@Component
public class KafkaBatchPublisher
        implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger log = LoggerFactory.getLogger(KafkaBatchPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final OutboxRecordMapper mapper;
    private final RowChangeMapper rowChanges;
    private final RelayMetrics metrics;

    KafkaBatchPublisher(
            KafkaTemplate<String, String> kafka,
            OutboxRecordMapper mapper,
            RowChangeMapper rowChanges,
            RelayMetrics metrics) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.rowChanges = rowChanges;
        this.metrics = metrics;
    }

    @Override
    public void handleBatch(
            List<ChangeEvent<SourceRecord, SourceRecord>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>();
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            mapper.toEvent(change.value())
                    .ifPresentOrElse(
                            event ->
                                    sends.add(
                                            send(
                                                    mapper.toProducerRecord(event),
                                                    event.committedAt())),
                            () ->
                                    rowChanges
                                            .toRowChange(change.value())
                                            .ifPresent(
                                                    row ->
                                                            sends.add(
                                                                    send(
                                                                            row.record(),
                                                                            row.committedAt()))));
        }
        for (CompletableFuture<SendResult<String, String>> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new KafkaPublishException(
                        "Kafka did not acknowledge a record; the batch will be read again",
                        e.getCause());
            }
        }
        for (ChangeEvent<SourceRecord, SourceRecord> change : records) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        if (!sends.isEmpty()) {
            log.debug("published {} records", sends.size());
        }
    }

    private CompletableFuture<SendResult<String, String>> send(
            ProducerRecord<String, String> record, Instant committedAt) {
        return kafka.send(record)
                .whenComplete(
                        (result, error) -> {
                            if (error == null) {
                                metrics.acknowledged(record.topic(), committedAt);
                            }
                        });
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
