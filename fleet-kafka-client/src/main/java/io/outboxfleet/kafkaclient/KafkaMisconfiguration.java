package io.outboxfleet.kafkaclient;

/**
 * A {@code FLEET_KAFKA_*} setting the Kafka clients cannot work with. The message is one line that
 * starts with the variable to fix and never contains a password.
 */
public final class KafkaMisconfiguration extends IllegalArgumentException {

    private final String variable;

    KafkaMisconfiguration(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    /** The environment variable to fix, for example {@code FLEET_KAFKA_USERNAME}. */
    public String variable() {
        return variable;
    }
}
