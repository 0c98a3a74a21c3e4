package io.outboxfleet.bench;

import io.outboxfleet.kafkaclient.KafkaClientSecurity;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Client settings of the bench's own Kafka tools: the broker's address and the {@code
 * FLEET_KAFKA_*} credentials of this environment (bench/run exports ./fleet's super user, whose
 * broker refuses clients without credentials).
 */
final class BenchKafka {

    private BenchKafka() {}

    static Properties client(String bootstrap) {
        Properties props = new Properties();
        props.putAll(KafkaClientSecurity.read(s -> System.getenv(s.variable())).kafkaProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }
}
