package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.workers.fixtures.DeadLetterTopic;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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

    @Test
    void recordsHoldingValuesPostgresRefusesAreDeadLettersWithTheirReasonAndThePartitionMovesOn() {
        subscribe(Sinks.SUBSCRIBER, "/hooks/all");
        TestEvent good = TestEvent.of("order.created");
        // valid JSON and headers, but text columns refuse the NUL character (SQLSTATE 22021)
        TestEvent withNul =
                TestEvent.of("order.created")
                        .withKey(good.key())
                        .with("customerEmail", "buyer\0@example.com");
        ProducerRecord<String, String> nulRecord = withNul.toRecord();
        replaceHeader(nulRecord, "ce_subject", good.key() + "\0");
        // a commit time past Postgres' last timestamp (year 294276): a class 22 data exception
        TestEvent farFuture = TestEvent.of("order.created").withKey(good.key());
        ProducerRecord<String, String> futureRecord = farFuture.toRecord();
        replaceHeader(futureRecord, "ce_time", "+300000-01-01T00:00:00Z");

        RecordMetadata nulAt = EventProducer.sendForMetadata(nulRecord);
        RecordMetadata futureAt = EventProducer.sendForMetadata(futureRecord);
        RecordMetadata goodAt = EventProducer.sendForMetadata(good.toRecord());
        assertThat(List.of(nulAt.partition(), futureAt.partition()))
                .containsOnly(goodAt.partition());

        // the good order behind them on the same partition gets all its effects
        awaitOneEmailTo(good.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + good.text("orderId"));
        awaitWebhooks(Sinks.SUBSCRIBER, good.id(), 1);

        Map<String, String> nulReasons = awaitDeadLetterReasons(withNul.id());
        assertThat(nulReasons.values()).allMatch(r -> r.contains("SQLSTATE 22021"));
        Map<String, String> futureReasons = awaitDeadLetterReasons(farFuture.id());
        assertThat(futureReasons.values())
                .allMatch(
                        r ->
                                r.contains(
                                        "the database refuses a value of this record (SQLSTATE 22"));
        // the dead letter keeps the refused character readably escaped, and the record's key
        assertThat(
                        jdbc.sql(
                                        "select headers->>'ce_subject' from dead_letters where event_id = :id and effect = 'crm'")
                                .param("id", withNul.id())
                                .query(String.class)
                                .single())
                .isEqualTo(good.key() + "\\u0000");
        // and each one is on the fleet.dead-letters topic with its reason
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> {
                            List<ConsumerRecord<String, String>> published =
                                    DeadLetterTopic.recordsOf(withNul.id());
                            assertThat(published)
                                    .extracting(r -> DeadLetterTopic.header(r, "fleet_dl_effect"))
                                    .containsExactlyInAnyOrder("email", "crm", "webhook");
                            assertThat(published)
                                    .extracting(r -> DeadLetterTopic.header(r, "fleet_dl_reason"))
                                    .allMatch(r -> r.contains("SQLSTATE 22021"));
                        });
        assertThat(Sinks.emailsTo("buyer\0@example.com")).isEmpty();
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, withNul.id())).isEmpty();
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, farFuture.id())).isEmpty();
        assertThat(
                        jdbc.sql("select count(*) from effect_queue where event_id in (:ids)")
                                .param("ids", List.of(withNul.id(), farFuture.id()))
                                .query(Long.class)
                                .single())
                .isZero();
    }

    /** The reason of the event's dead letter per effect, once all three effects have one. */
    private Map<String, String> awaitDeadLetterReasons(UUID eventId) {
        await().atMost(PATIENCE).until(() -> deadLetterReasons(eventId).size() == 3);
        Map<String, String> reasons = deadLetterReasons(eventId);
        assertThat(reasons).containsOnlyKeys("email", "crm", "webhook");
        return reasons;
    }

    private Map<String, String> deadLetterReasons(UUID eventId) {
        return jdbc
                .sql("select effect, reason from dead_letters where event_id = :id")
                .param("id", eventId)
                .query((rs, n) -> Map.entry(rs.getString("effect"), rs.getString("reason")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static void replaceHeader(
            ProducerRecord<String, String> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
