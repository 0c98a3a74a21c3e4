package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning on a background thread and keeps every record. */
public final class TopicReader implements AutoCloseable {

    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicReader(String topic) {
        this(topic, KafkaBroker.bootstrapServers());
    }

    /** Reads a topic of another broker than the shared one. */
    public TopicReader(String topic, String bootstrapServers) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "relay-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                        500);
        thread =
                new Thread(
                        () -> {
                            try (KafkaConsumer<String, String> consumer =
                                    new KafkaConsumer<>(config)) {
                                consumer.subscribe(List.of(topic));
                                while (running) {
                                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                                }
                            }
                        },
                        "topic-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many records were read so far, duplicates included. */
    public int count() {
        return records.size();
    }

    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    /** The ce_id header of every record read so far, in arrival order. */
    public List<String> eventIds() {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(header(r, "ce_id")));
        return ids;
    }

    /** Waits until every id has arrived (duplicates allowed). */
    public void awaitIds(Collection<String> ids, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> new java.util.HashSet<>(eventIds()).containsAll(ids));
    }

    public ConsumerRecord<String, String> awaitId(String id) {
        awaitIds(List.of(id), Duration.ofSeconds(60));
        return records.stream()
                .filter(r -> id.equals(header(r, "ce_id")))
                .findFirst()
                .orElseThrow();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
