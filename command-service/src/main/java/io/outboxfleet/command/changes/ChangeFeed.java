package io.outboxfleet.command.changes;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads every row-change topic from its end and hands each change to the streams of its table.
 * Every instance must see every change, so the consumer uses a group id of its own (random per
 * start) and never commits offsets; it starts at the end of each partition.
 */
@Component
class ChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangesProperties properties;
    private final JsonMapper json;
    private final Map<String, Object> consumerConfig;
    private final Map<String, String> tableOfTopic = new HashMap<>();
    private final Map<String, Map<Integer, Long>> positions = new ConcurrentHashMap<>();
    private final Map<String, Set<ChangeStream>> streams = new ConcurrentHashMap<>();
    private final KafkaMessageListenerContainer<String, String> container;

    ChangeFeed(ChangesProperties properties, KafkaProperties kafka, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fleet-changes-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerConfig = Map.copyOf(config);
        properties
                .tables()
                .keySet()
                .forEach(
                        table -> {
                            tableOfTopic.put(properties.topicFor(table), table);
                            positions.put(table, new ConcurrentHashMap<>());
                            streams.put(table, new CopyOnWriteArraySet<>());
                        });
        ContainerProperties container =
                new ContainerProperties(tableOfTopic.keySet().toArray(String[]::new));
        container.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        container.setConsumerRebalanceListener(new Positions());
        container.setMessageListener((MessageListener<String, String>) this::dispatch);
        this.container =
                new KafkaMessageListenerContainer<>(
                        new DefaultKafkaConsumerFactory<>(consumerConfig), container);
    }

    /**
     * Consumer settings (bootstrap, security) for reading missed changes, without the group, and
     * with Kafka's default fetch wait: a replay reads up to a known end and stops.
     */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        return config;
    }

    /**
     * Whether every partition of every table is assigned and its position known (tests wait for
     * it).
     */
    boolean ready() {
        return !container.getAssignedPartitions().isEmpty()
                && positions.values().stream().noneMatch(Map::isEmpty);
    }

    /**
     * Adds a stream from now on and returns where it starts: the feed's position in the table's
     * topic at this moment. Changes dispatched afterwards reach the stream.
     */
    StreamPosition subscribe(String table, ChangeStream stream, StreamPosition from) {
        synchronized (lock(table)) {
            StreamPosition now = new StreamPosition(new TreeMap<>(positions.get(table)));
            Map<Integer, Long> start = new TreeMap<>(now.next());
            if (from != null) {
                start.putAll(from.next());
            }
            stream.start(new StreamPosition(start), from != null);
            streams.get(table).add(stream);
            return now;
        }
    }

    void unsubscribe(String table, ChangeStream stream) {
        streams.get(table).remove(stream);
    }

    Collection<ChangeStream> all() {
        return streams.values().stream().flatMap(Set::stream).toList();
    }

    String topicOf(String table) {
        return properties.topicFor(table);
    }

    /** Parses a record's value; null when it is not a row change (logged, skipped). */
    RowChange parse(String table, ConsumerRecord<String, String> record) {
        try {
            JsonNode value = json.readTree(record.value());
            if (value instanceof ObjectNode object && object.has("op")) {
                return new RowChange(table, record.partition(), record.offset(), object);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "skipping a record of {} that is not a row change: {}",
                    record.topic(),
                    e.getMessage());
        }
        return null;
    }

    private void dispatch(ConsumerRecord<String, String> record) {
        String table = tableOfTopic.get(record.topic());
        if (table == null) {
            return;
        }
        RowChange change = parse(table, record);
        synchronized (lock(table)) {
            positions.get(table).put(record.partition(), record.offset() + 1);
            if (change != null) {
                streams.get(table).forEach(stream -> stream.offer(change));
            }
        }
    }

    private Object lock(String table) {
        return streams.get(table);
    }

    private final class Positions implements ConsumerAwareRebalanceListener {
        @Override
        public void onPartitionsAssigned(
                Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                String table = tableOfTopic.get(tp.topic());
                synchronized (lock(table)) {
                    positions.get(table).putIfAbsent(tp.partition(), consumer.position(tp));
                }
            }
        }
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        all().forEach(stream -> stream.disconnect("shutting-down"));
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
