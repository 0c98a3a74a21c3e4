package io.outboxfleet.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka broker inside the test JVM, listening on loopback. One per JVM
 * ({@link #shared()}); other processes (the services under test) can connect to it.
 */
public final class KafkaBroker {

    private static EmbeddedKafkaKraftBroker shared;

    private KafkaBroker() {}

    /** The broker of this JVM, started on first use; topics are auto-created with 3 partitions. */
    public static synchronized EmbeddedKafkaKraftBroker shared() {
        if (shared == null) {
            shared = new EmbeddedKafkaKraftBroker(1, 3);
            shared.brokerProperty("auto.create.topics.enable", "true");
            shared.brokerProperty("group.initial.rebalance.delay.ms", "0");
            shared.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::destroy, "kafka-stop"));
        }
        return shared;
    }

    public static String bootstrapServers() {
        return shared().getBrokersAsString();
    }
}
