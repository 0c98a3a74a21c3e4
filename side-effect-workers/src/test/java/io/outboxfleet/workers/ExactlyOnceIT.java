package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
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

    @Autowired
    ApplicationContext context;

    @Test
    void aRecordConsumedAgainBecauseItsOffsetWasNeverCommittedDoesNothingTwice() throws Exception {
        subscribe(Sinks.SUBSCRIBER, "/hooks");
        TestEvent order = TestEvent.of("order.created");
        RecordMetadata where = EventProducer.sendForMetadata(order.toRecord());
        awaitOneEmailTo(order.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + order.text("orderId"));
        awaitCrm("PUT", "/contacts/" + order.text("customerId"));
        awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 1);

        // what a worker killed after the effect but before the offset commit leaves behind: committed
        // offsets that point at the record again, so the next consumer of the partition reads it again
        SmartLifecycle consumers = context.getBean("effectContainers", SmartLifecycle.class);
        consumers.stop();
        rewind(where, "fleet-email", "fleet-crm", "fleet-webhook");
        consumers.start();

        TestEvent marker = TestEvent.of("order.created").withKey(order.key()); // same partition, after it
        EventProducer.send(marker);
        awaitOneEmailTo(marker.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + marker.text("orderId"));
        awaitWebhooks(Sinks.SUBSCRIBER, marker.id(), 1);

        assertThat(Sinks.emailsTo(order.text("customerEmail"))).hasSize(1);
        assertThat(Sinks.CRM.requests("PUT", "/contacts/" + order.text("customerId"))).hasSize(1);
        assertThat(Sinks.CRM.requests("PUT", "/deals/" + order.text("orderId"))).hasSize(1);
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, order.id())).hasSize(1);
    }

    private static void rewind(RecordMetadata where, String... groups) {
        TopicPartition partition = new TopicPartition(where.topic(), where.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            for (String group : groups) {
                // the group must be empty: retry until the stopped consumers have left it
                await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> admin
                        .alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(where.offset())))
                        .all().get());
            }
        }
    }
}
