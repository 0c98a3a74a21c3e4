package io.outboxfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.kafkaclient.FleetAcls;
import io.outboxfleet.testsupport.KafkaProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only the relay writes the event topics (docs/contract.md section 5): the fleet's broker refuses a
 * client without credentials or with a wrong password (authentication), and the workers' or the
 * command-service's user on the order events, the relay's on the dead letters (ACLs). Each refused
 * attempt leaves nothing on the topic.
 */
class KafkaAccessIT {

    private static final String ORDER_EVENTS = "fleet.order.events";
    private static final Duration SEND_BOUND = Duration.ofSeconds(10);

    private static KafkaProcess kafka;

    @BeforeAll
    static void startFleet() {
        kafka = Fleet.get().kafka;
    }

    @Test
    void aClientWithoutCredentialsCannotWriteTheOrderEvents() {
        Map<String, Object> anonymous =
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String key = uniqueKey();

        // the broker speaks SASL only: the client never gets past the handshake, so never
        // learns the topic's partitions
        assertThatThrownBy(() -> send(anonymous, ORDER_EVENTS, key))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        assertThat(keysOn(ORDER_EVENTS)).doesNotContain(key);
    }

    @Test
    void aWrongPasswordIsRefusedAtAuthentication() {
        Map<String, Object> impostor = new HashMap<>(kafka.clientConfig(FleetAcls.RELAY));
        impostor.put(
                SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"relay\" password=\"guessed\";");
        String key = uniqueKey();

        assertThatThrownBy(() -> send(impostor, ORDER_EVENTS, key))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        assertThat(keysOn(ORDER_EVENTS)).doesNotContain(key);
    }

    @Test
    void theWorkersUserCannotWriteTheOrderEvents() {
        String key = uniqueKey();

        assertThatThrownBy(() -> send(kafka.clientConfig(FleetAcls.WORKERS), ORDER_EVENTS, key))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(keysOn(ORDER_EVENTS)).doesNotContain(key);
    }

    @Test
    void theCommandServiceUserCannotWriteEventsOrRowChanges() {
        for (String topic : List.of(ORDER_EVENTS, FleetAcls.ROW_TOPIC_PREFIX + "orders")) {
            String key = uniqueKey();

            assertThatThrownBy(
                            () -> send(kafka.clientConfig(FleetAcls.COMMAND_SERVICE), topic, key))
                    .as(topic)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AuthorizationException.class);
            assertThat(keysOn(topic)).doesNotContain(key);
        }
    }

    @Test
    void theRelayWritesFleetTopicsButNotTheDeadLetters() throws Exception {
        // a topic of its own, so the workers never see this record
        String scratch = "fleet.access-check.events";
        String key = uniqueKey();

        send(kafka.clientConfig(FleetAcls.RELAY), scratch, key);

        assertThat(keysOn(scratch)).contains(key);
        assertThatThrownBy(
                        () ->
                                send(
                                        kafka.clientConfig(FleetAcls.RELAY),
                                        FleetAcls.DEAD_LETTER_TOPIC,
                                        uniqueKey()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** Sends one record and waits for its acknowledgement, at most about {@link #SEND_BOUND}. */
    private static RecordMetadata send(Map<String, Object> client, String topic, String key)
            throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_BOUND.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_BOUND.toMillis() / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_BOUND.toMillis());
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(topic, key, "{\"probe\":true}"))
                    .get(SEND_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
        }
    }

    /** The keys of every record on the topic now, read by the super user. */
    private static List<String> keysOn(String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig(KafkaProcess.ADMIN));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, SEND_BOUND).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, SEND_BOUND);
            List<String> keys = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + SEND_BOUND.toNanos() * 3;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in time");
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
            return keys;
        }
    }

    private static String uniqueKey() {
        return "access-check-" + UUID.randomUUID();
    }
}
