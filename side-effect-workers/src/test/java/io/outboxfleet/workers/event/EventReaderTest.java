package io.outboxfleet.workers.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.workers.fixtures.TestEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The producer side's fixtures, read by the consumer side: keeps their agreement checked. */
class EventReaderTest {

    private final EventReader reader = new EventReader(JsonMapper.builder().build());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order.created",
                "order.paid",
                "order.cancelled",
                "product.stock_changed",
                "document.updated"
            })
    void readsEveryFixture(String type) {
        TestEvent event = TestEvent.of(type);

        FleetEvent read = reader.read(consumed(event.toRecord()));

        assertThat(read.id()).isEqualTo(event.id());
        assertThat(read.type()).isEqualTo(type);
        assertThat(read.time()).isEqualTo(event.time());
        assertThat(read.subject()).isEqualTo(event.key());
        assertThat(read.payload()).isEqualTo(event.payload());
    }

    @Test
    void namesWhatIsWrong() {
        ProducerRecord<String, String> record = TestEvent.of("order.created").toRecord();
        assertThatThrownBy(
                        () ->
                                reader.read(
                                        consumed(
                                                new ProducerRecord<>(
                                                        record.topic(),
                                                        null,
                                                        record.key(),
                                                        "not json",
                                                        record.headers()))))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("is not JSON");
        record.headers().remove("ce_id");
        assertThatThrownBy(() -> reader.read(consumed(record)))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("ce_id");
    }

    @Test
    void aRequiredFieldThatIsMissingIsUnreadable() {
        TestEvent event = TestEvent.of("order.created");
        event.payload().remove("customerEmail");

        FleetEvent read = reader.read(consumed(event.toRecord()));

        assertThatThrownBy(() -> read.requiredText("customerEmail"))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("customerEmail");
    }

    private static ConsumerRecord<String, String> consumed(ProducerRecord<String, String> sent) {
        ConsumerRecord<String, String> record =
                new ConsumerRecord<>(sent.topic(), 0, 0L, sent.key(), sent.value());
        for (Header header : sent.headers()) {
            record.headers().add(header.key(), header.value());
        }
        return record;
    }
}
