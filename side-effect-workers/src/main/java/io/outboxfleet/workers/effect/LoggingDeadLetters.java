package io.outboxfleet.workers.effect;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Dead letters as log lines at ERROR, until the dead-letter table exists. */
@Component
class LoggingDeadLetters implements DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(LoggingDeadLetters.class);

    @Override
    public void rejected(Effect effect, ConsumerRecord<String, String> record, String reason) {
        log.error("dead letter: {} rejected record {}-{}@{} (ce_id={}, ce_type={}): {}", effect.label(),
                record.topic(), record.partition(), record.offset(), header(record, "ce_id"),
                header(record, "ce_type"), reason);
    }

    @Override
    public void exhausted(Effect effect, ConsumerRecord<?, ?> record, Throwable failure) {
        log.error("dead letter: {} gave up on record {}-{}@{} (ce_id={}, ce_type={}): {}", effect.label(),
                record.topic(), record.partition(), record.offset(), header(record, "ce_id"),
                header(record, "ce_type"), failure.getMessage());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
