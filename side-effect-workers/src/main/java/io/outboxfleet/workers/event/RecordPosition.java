package io.outboxfleet.workers.event;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where an event was read: its Kafka record, and the outbox row's position in Postgres's
 * write-ahead log as the relay stamped it ({@code ce_pglsn}, null when the record has none).
 */
public record RecordPosition(String topic, int partition, long offset, String walPosition) {

    /** The relay's header carrying the outbox row's WAL position. */
    public static final String WAL_POSITION_HEADER = "ce_pglsn";

    public static RecordPosition of(ConsumerRecord<?, ?> record) {
        Header wal = record.headers().lastHeader(WAL_POSITION_HEADER);
        return new RecordPosition(
                record.topic(),
                record.partition(),
                record.offset(),
                wal == null || wal.value() == null
                        ? null
                        : new String(wal.value(), StandardCharsets.UTF_8));
    }
}
