package io.outboxfleet.command.changes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the changes a reconnecting client missed: for each partition, from its {@code
 * Last-Event-ID} position up to where the live feed stood when it reconnected. What Kafka no longer
 * holds (older than the topic's retention), or more than {@code maxReplay} changes, is too old: the
 * answer is empty and the client is told so.
 */
final class ChangeReplay {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private ChangeReplay() {}

    /**
     * The missed changes ordered by commit (record timestamp, then partition and offset), or empty
     * when too old.
     */
    static Optional<List<RowChange>> read(
            ChangeFeed feed,
            String table,
            StreamPosition from,
            StreamPosition until,
            int maxReplay) {
        String topic = feed.topicOf(table);
        List<RowChange> missed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(feed.consumerConfig())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long total = 0;
            for (Map.Entry<Integer, Long> end : until.next().entrySet()) {
                Long start = from.next().get(end.getKey());
                if (start != null && start < end.getValue()) {
                    partitions.add(new TopicPartition(topic, end.getKey()));
                    total += end.getValue() - start;
                }
            }
            if (partitions.isEmpty()) {
                return Optional.of(List.of());
            }
            if (total > maxReplay) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long start = from.next().get(tp.partition());
                if (start < earliest.get(tp)) {
                    return Optional.empty();
                }
                consumer.seek(tp, start);
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            List<TopicPartition> open = new ArrayList<>(partitions);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.offset() < until.next().get(record.partition())) {
                        RowChange change = feed.parse(table, record);
                        if (change != null) {
                            missed.add(change);
                        }
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= until.next().get(tp.partition()));
            }
            if (!open.isEmpty()) {
                throw new IllegalStateException("Kafka did not return the missed changes in time");
            }
        }
        missed.sort(
                Comparator.comparing(
                                (RowChange c) ->
                                        Instant.parse(c.value().path("commitTime").asString()))
                        .thenComparingInt(RowChange::partition)
                        .thenComparingLong(RowChange::offset));
        return Optional.of(missed);
    }
}
