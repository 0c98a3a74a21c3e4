package io.outboxfleet.workers.effect;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where records end that an effect gives up on. The seam for the dead-letter table and the ops
 * replay API (CONTRACT section 10); today's implementation only logs.
 */
public interface DeadLetters {

    /** The record cannot be processed at all (unknown type, unreadable payload); not retried. */
    void rejected(Effect effect, ConsumerRecord<String, String> record, String reason);

    /** The effect failed permanently, or its last retry failed. */
    void exhausted(Effect effect, ConsumerRecord<?, ?> record, Throwable failure);
}
