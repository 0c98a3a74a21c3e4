package io.outboxfleet.e2e;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.kafkaclient.FleetAcls;
import io.outboxfleet.testsupport.KafkaProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads what the relay published (as the broker's super user) and puts a record back on the topic
 * as the relay's Kafka user, as a redelivery would.
 */
final class KafkaTap {

    private final Map<String, Object> reader;
    private final Map<String, Object> relay;

    KafkaTap(KafkaProcess kafka) {
        this.reader = kafka.clientConfig(KafkaProcess.ADMIN);
        this.relay = kafka.clientConfig(FleetAcls.RELAY);
    }

    /**
     * The first record on the topic whose key and {@code ce_type} match, read from the beginning.
     */
    ConsumerRecord<byte[], byte[]> find(String topic, String key, String ceType) {
        Properties props = new Properties();
        props.putAll(reader);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(new String(record.key(), StandardCharsets.UTF_8))
                            && ceType.equals(header(record, "ce_type").orElse(null))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no " + ceType + " record with key " + key + " on " + topic);
    }

    /** Sends the record again, same key, value and headers: the same event delivered twice. */
    void redeliver(ConsumerRecord<byte[], byte[]> record) {
        Properties props = new Properties();
        props.putAll(relay);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(
                            new ProducerRecord<>(
                                    record.topic(),
                                    record.partition(),
                                    record.key(),
                                    record.value(),
                                    record.headers()))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot redeliver", e);
        }
    }

    /** Waits until every named consumer group has committed up to the end of the topic. */
    void awaitConsumed(String topic, Set<String> groups) {
        Properties props = new Properties();
        props.putAll(reader);
        try (Admin admin = Admin.create(props)) {
            await("consumer groups " + groups + " caught up on " + topic)
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> groups.stream().allMatch(group -> caughtUp(admin, topic, group)));
        }
    }

    private static boolean caughtUp(Admin admin, String topic, String group) {
        try {
            return committedUpToEnd(admin, topic, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    private static boolean committedUpToEnd(Admin admin, String topic, String group)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> partitions =
                admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toSet());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(
                                partitions.stream()
                                        .collect(
                                                Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                        .all()
                        .get();
        return partitions.stream()
                .allMatch(
                        p -> {
                            long end = ends.get(p).offset();
                            OffsetAndMetadata done = committed.get(p);
                            return end == 0 || (done != null && done.offset() >= end);
                        });
    }

    static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return Optional.ofNullable(header).map(h -> new String(h.value(), StandardCharsets.UTF_8));
    }
}
