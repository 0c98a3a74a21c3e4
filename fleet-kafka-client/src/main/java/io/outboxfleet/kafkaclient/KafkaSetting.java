package io.outboxfleet.kafkaclient;

/**
 * The settings of {@link KafkaClientSecurity}: each one's environment variable and the Spring
 * property a service's {@code application.yml} maps it to.
 */
public enum KafkaSetting {
    SECURITY_PROTOCOL("FLEET_KAFKA_SECURITY_PROTOCOL", "fleet.kafka.security-protocol"),
    SASL_MECHANISM("FLEET_KAFKA_SASL_MECHANISM", "fleet.kafka.sasl-mechanism"),
    USERNAME("FLEET_KAFKA_USERNAME", "fleet.kafka.username"),
    PASSWORD("FLEET_KAFKA_PASSWORD", "fleet.kafka.password"),
    TRUSTSTORE_LOCATION("FLEET_KAFKA_TRUSTSTORE_LOCATION", "fleet.kafka.truststore-location"),
    TRUSTSTORE_PASSWORD("FLEET_KAFKA_TRUSTSTORE_PASSWORD", "fleet.kafka.truststore-password");

    private final String variable;
    private final String property;

    KafkaSetting(String variable, String property) {
        this.variable = variable;
        this.property = property;
    }

    public String variable() {
        return variable;
    }

    public String property() {
        return property;
    }
}
