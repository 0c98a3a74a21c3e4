package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderingIT extends WorkersScenario {

    @Test
    void aLaterEventOfTheSameOrderWaitsWhileTheEarlierOneIsRetried() {
        subscribe(Sinks.SUBSCRIBER, "/ordered");
        Sinks.SUBSCRIBER.respondNext(500, 500);
        TestEvent created = TestEvent.of("order.created");
        TestEvent paid = paidEventOf(created);

        EventProducer.send(created);
        EventProducer.send(paid);

        awaitWebhooks(Sinks.SUBSCRIBER, paid.id(), 1);
        List<String> arrivals =
                Sinks.SUBSCRIBER.requests().stream().map(r -> r.header("webhook-id")).toList();
        assertThat(arrivals)
                .containsExactly(
                        created.id().toString(),
                        created.id().toString(),
                        created.id().toString(),
                        paid.id().toString());
        // the retries parked only that endpoint's queue for this order: the receipt (the paid
        // event's own email, by its Message-ID) was not held up
        String receiptId = "<" + paid.id() + "@outbox-fleet>";
        await("the receipt email of the paid event")
                .atMost(PATIENCE)
                .until(
                        () ->
                                Sinks.emailsTo(created.text("customerEmail")).stream()
                                        .anyMatch(m -> receiptId.equals(messageId(m))));
    }

    private static String messageId(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestEvent paidEventOf(TestEvent created) {
        TestEvent paid = TestEvent.of("order.paid");
        paid.with("orderId", created.text("orderId"))
                .with("customerId", created.text("customerId"))
                .with("customerEmail", created.text("customerEmail"));
        return paid;
    }
}
