package io.outboxfleet.workers.effect.intake;

import io.outboxfleet.startup.Misconfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event topics, created at start when missing.
 *
 * @param partitions partitions of each topic, the upper bound of consumers per group (default 3)
 * @param replicas replication factor (default 1: the local single-node broker)
 * @param consumerGroupSuffix appended to every effect's consumer group (default empty), so a
 *     second, independent set of workers with its own database can read the same broker (drills and
 *     benchmarks)
 */
@ConfigurationProperties("fleet.topics")
public record TopicProperties(
        int partitions, short replicas, @DefaultValue("") String consumerGroupSuffix) {

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
