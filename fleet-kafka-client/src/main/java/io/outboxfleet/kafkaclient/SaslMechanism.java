package io.outboxfleet.kafkaclient;

import java.util.Arrays;
import java.util.Optional;

/** The SASL mechanisms a fleet client may use, each with the JAAS login module Kafka needs. */
public enum SaslMechanism {
    /** Salted challenge-response; the password never crosses the wire. The default. */
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    /** The password in clear inside the SASL exchange: only over TLS (SASL_SSL). */
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
        this.kafkaName = kafkaName;
        this.loginModule = loginModule;
    }

    /** The name Kafka's {@code sasl.mechanism} takes, for example {@code SCRAM-SHA-512}. */
    public String kafkaName() {
        return kafkaName;
    }

    String loginModule() {
        return loginModule;
    }

    static Optional<SaslMechanism> byKafkaName(String name) {
        return Arrays.stream(values()).filter(m -> m.kafkaName.equalsIgnoreCase(name)).findFirst();
    }
}
