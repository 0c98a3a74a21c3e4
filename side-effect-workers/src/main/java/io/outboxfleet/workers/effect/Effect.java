package io.outboxfleet.workers.effect;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of side effect, declared by its feature as a Spring bean (say {@code email} in {@code
 * email/}); the machinery knows none by name, so adding an effect touches only a new feature
 * package and its configuration. Each has its own consumer group, so a slow effect never holds up
 * another, and its own rows in {@code effect_log}.
 *
 * @param label the name in {@code effect_log.effect}, in metric tags and in configuration keys
 * @param consumerGroup its Kafka consumer group
 * @param topics the topics it reads
 */
public record Effect(String label, String consumerGroup, List<String> topics) {

    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]*");

    public Effect {
        Objects.requireNonNull(label);
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("effect label must match " + LABEL + ": " + label);
        }
        topics = List.copyOf(topics);
    }

    /** An effect in consumer group {@code fleet-<label>}. */
    public static Effect of(String label, List<String> topics) {
        return new Effect(label, "fleet-" + label, topics);
    }

    @Override
    public String toString() {
        return label;
    }
}
