package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class PoisonRecordsIT extends WorkersScenario {

    @Test
    void anUnknownTypeAndAGarbagePayloadDoNotStopTheNextGoodRecord() {
        subscribe(Sinks.SUBSCRIBER, "/hooks/all");
        TestEvent good = TestEvent.of("order.created");

        ProducerRecord<String, String> unknown =
                TestEvent.of("order.created").withKey(good.key()).toRecord();
        unknown.headers().remove("ce_type");
        unknown.headers().add("ce_type", "order.teleported".getBytes(StandardCharsets.UTF_8));
        EventProducer.send(unknown);
        TestEvent garbled = TestEvent.of("order.created").withKey(good.key());
        ProducerRecord<String, String> template = garbled.toRecord();
        EventProducer.send(
                new ProducerRecord<>(
                        template.topic(),
                        null,
                        template.key(),
                        "{\"orderId\": not json",
                        template.headers()));
        ProducerRecord<String, String> headerless =
                new ProducerRecord<>(good.topic(), good.key(), "{}");
        EventProducer.send(headerless);
        EventProducer.send(good);

        awaitOneEmailTo(good.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + good.text("orderId"));
        awaitWebhooks(Sinks.SUBSCRIBER, good.id(), 1);
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, garbled.id())).isEmpty();
        assertThat(Sinks.emailsTo(garbled.text("customerEmail"))).isEmpty();
    }
}
