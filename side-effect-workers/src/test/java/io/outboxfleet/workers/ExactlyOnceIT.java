package io.outboxfleet.workers;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

class ExactlyOnceIT extends WorkersScenario {

    @Autowired ApplicationContext context;

    @Test
    void aRecordConsumedAgainBecauseItsOffsetWasNeverCommittedDoesNothingTwice() throws Exception {
        subscribe(Sinks.SUBSCRIBER, "/hooks");
        TestEvent order = TestEvent.of("order.created");
        RecordMetadata where = EventProducer.sendForMetadata(order.toRecord());
        awaitOneEmailTo(order.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + order.text("orderId"));
        awaitCrm("PUT", "/contacts/" + order.text("customerId"));
        awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 1);

        // what a worker killed after the effect but before the offset commit leaves behind:
        // committed
        // offsets that point at the record again, so the next consumer of the partition reads it
        // again
        SmartLifecycle consumers = context.getBean("effectContainers", SmartLifecycle.class);
        consumers.stop();
        rewind(where, "fleet-email", "fleet-crm", "fleet-webhook");
        consumers.start();

        awaitProcessedBehind(order);

        assertEachEffectOnce(order);
    }

    private static void rewind(RecordMetadata where, String... groups) {
        TopicPartition partition = new TopicPartition(where.topic(), where.partition());
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KafkaBroker.bootstrapServers()))) {
            for (String group : groups) {
                // the group must be empty: retry until the stopped consumers have left it
                await().atMost(PATIENCE)
                        .ignoreExceptions()
                        .untilAsserted(
                                () ->
                                        admin.alterConsumerGroupOffsets(
                                                        group,
                                                        Map.of(
                                                                partition,
                                                                new OffsetAndMetadata(
                                                                        where.offset())))
                                                .all()
                                                .get());
            }
        }
    }
}
