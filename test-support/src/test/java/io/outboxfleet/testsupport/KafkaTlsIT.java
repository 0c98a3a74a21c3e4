package io.outboxfleet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.kafkaclient.FleetAcls;
import io.outboxfleet.kafkaclient.KafkaClientEnvironment;
import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import java.nio.file.Path;
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
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The fleet's Kafka settings over TLS, against a real broker process whose client listener is
 * SASL_SSL (SCRAM-SHA-512 inside TLS, certificate from a throwaway authority made by {@code
 * keytool}). Every client here is configured the way a service configures its own: from {@code
 * FLEET_KAFKA_*} variables, through fleet-kafka-client's {@link KafkaClientEnvironment} into {@code
 * spring.kafka.properties}, bound as Spring Boot binds them for its Kafka clients. One broker.
 */
class KafkaTlsIT {

    private static final String TOPIC = "fleet.tls-check.events";

    /** How long a client may wait for the broker (metadata, acknowledgement). */
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Enough for a client that will not get an answer: it can only time out. */
    private static final Duration SHORT_BOUND = Duration.ofSeconds(3);

    @TempDir static Path certificates;

    private static KafkaProcess kafka;

    @BeforeAll
    static void startBrokerOverTls() {
        kafka = KafkaProcess.startSecuredOverTls(certificates);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theRelaysSettingsWriteAndTheWorkersSettingsReadOverTls() throws Exception {
        Map<String, String> relay = kafka.serviceEnvironment(FleetAcls.RELAY);
        assertThat(relay)
                .containsEntry("FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("FLEET_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsKeys("FLEET_KAFKA_TRUSTSTORE_LOCATION", "FLEET_KAFKA_TRUSTSTORE_PASSWORD");
        String key = uniqueKey();

        RecordMetadata sent = send(clientConfig(relay), key, BOUND);

        assertThat(keyAt(clientConfig(kafka.serviceEnvironment(FleetAcls.WORKERS)), sent))
                .isEqualTo(key);
    }

    @Test
    void withoutTheTruststoreTheTlsHandshakeFails() {
        Map<String, String> env = new HashMap<>(kafka.serviceEnvironment(FleetAcls.RELAY));
        env.remove("FLEET_KAFKA_TRUSTSTORE_LOCATION");
        env.remove("FLEET_KAFKA_TRUSTSTORE_PASSWORD");
        long start = System.nanoTime();

        // the client trusts the JVM's authorities, none of which signed the broker's certificate
        assertThatThrownBy(() -> send(clientConfig(env), uniqueKey(), BOUND))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SslAuthenticationException.class)
                .hasRootCauseMessage("unable to find valid certification path to requested target");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    @Test
    void aClientWithoutTlsGetsNoAnswerFromTheTlsPort() {
        Map<String, String> env = new HashMap<>(kafka.serviceEnvironment(FleetAcls.RELAY));
        env.put("FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.remove("FLEET_KAFKA_TRUSTSTORE_LOCATION");
        env.remove("FLEET_KAFKA_TRUSTSTORE_PASSWORD");

        // valid credentials, but in clear: the broker waits for a TLS handshake that never comes
        assertThatThrownBy(() -> send(clientConfig(env), uniqueKey(), SHORT_BOUND))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aWrongTruststorePasswordIsRefusedBeforeAnyConnection() {
        Map<String, String> env = new HashMap<>(kafka.serviceEnvironment(FleetAcls.RELAY));
        env.put("FLEET_KAFKA_TRUSTSTORE_PASSWORD", "guessed");

        assertThatThrownBy(() -> clientConfig(env))
                .isInstanceOfSatisfying(
                        KafkaMisconfiguration.class,
                        e -> assertThat(e.variable()).isEqualTo("FLEET_KAFKA_TRUSTSTORE_PASSWORD"))
                .hasMessageStartingWith(
                        "FLEET_KAFKA_TRUSTSTORE_PASSWORD is wrong: it does not open")
                .hasMessageNotContaining("guessed");
    }

    /**
     * The configuration a service's Kafka clients get from these variables: {@link
     * KafkaClientEnvironment} adds {@code spring.kafka.properties[...]}, bound here as Spring
     * Boot's {@code KafkaProperties} binds them, plus {@code FLEET_KAFKA_BOOTSTRAP}.
     */
    private static Map<String, Object> clientConfig(Map<String, String> variables) {
        ConfigurableEnvironment environment = new AbstractEnvironment() {};
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("variables", new HashMap<>(variables)));
        new KafkaClientEnvironment().postProcessEnvironment(environment, new SpringApplication());
        Map<String, Object> config =
                new HashMap<>(
                        Binder.get(environment)
                                .bind(
                                        "spring.kafka.properties",
                                        Bindable.mapOf(String.class, String.class))
                                .orElse(Map.of()));
        config.put(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                variables.get("FLEET_KAFKA_BOOTSTRAP"));
        return config;
    }

    /** Sends one record and waits for its acknowledgement, at most about {@code bound}. */
    private static RecordMetadata send(Map<String, Object> client, String key, Duration bound)
            throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) bound.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) bound.toMillis() / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) bound.toMillis());
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(TOPIC, key, "{\"probe\":true}"))
                    .get(bound.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
    }

    /** The key of the record at {@code sent}'s partition and offset, read without a group. */
    private static String keyAt(Map<String, Object> client, RecordMetadata sent) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == sent.offset()) {
                        return record.key();
                    }
                }
            }
            throw new AssertionError(
                    "no record at " + partition + "@" + sent.offset() + " in time");
        }
    }

    private static String uniqueKey() {
        return "tls-check-" + UUID.randomUUID();
    }
}
