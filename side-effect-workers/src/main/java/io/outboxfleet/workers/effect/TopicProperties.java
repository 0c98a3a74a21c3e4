package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.startup.Misconfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The event topics, created at start when missing.
 *
 * @param partitions partitions of each topic, the upper bound of consumers per group (default 3)
 * @param replicas replication factor (default 1: the local single-node broker)
 */
@ConfigurationProperties("fleet.topics")
public record TopicProperties(int partitions, short replicas) {

    public TopicProperties {
        if (partitions < 1) {
            throw new Misconfiguration(
                    "FLEET_TOPICS_PARTITIONS", "must be at least 1, got " + partitions);
        }
        if (replicas < 1) {
            throw new Misconfiguration(
                    "FLEET_TOPICS_REPLICAS", "must be at least 1, got " + replicas);
        }
    }
}
