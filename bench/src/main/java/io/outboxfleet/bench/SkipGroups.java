package io.outboxfleet.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves every consumer group that has no live member to the end of the partitions it has committed
 * offsets for, so the events written while measuring the limits are not handed to the workers when
 * they start. Prints how many records each group skipped.
 */
public final class SkipGroups {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Properties props = BenchKafka.client(args.get("bootstrap", "127.0.0.1:9092"));
        try (Admin admin = Admin.create(props)) {
            for (var listing : admin.listConsumerGroups().all().get()) {
                String group = listing.groupId();
                ConsumerGroupDescription description =
                        admin.describeConsumerGroups(java.util.List.of(group))
                                .describedGroups()
                                .get(group)
                                .get();
                if (!description.members().isEmpty()) {
                    System.out.println("group " + group + ": has live members, left alone");
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                partitions(admin).forEach(tp -> request.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
                long skipped = 0;
                for (var e : admin.listOffsets(request).all().get().entrySet()) {
                    ends.put(e.getKey(), new OffsetAndMetadata(e.getValue().offset()));
                    OffsetAndMetadata at = committed.get(e.getKey());
                    skipped += Math.max(0, e.getValue().offset() - (at == null ? 0 : at.offset()));
                }
                admin.alterConsumerGroupOffsets(group, ends).all().get();
                System.out.println("group " + group + ": skipped " + skipped + " records");
            }
        }
    }

    private static java.util.List<TopicPartition> partitions(Admin admin) throws Exception {
        java.util.List<String> topics =
                admin.listTopics().names().get().stream()
                        .filter(t -> !t.startsWith("_") && !t.startsWith("bench-"))
                        .toList();
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(
                        d ->
                                d.partitions().stream()
                                        .map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }
}
