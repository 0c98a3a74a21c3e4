package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

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
        // the retries parked only that endpoint's queue for this order: the paid email was not held
        // up
        awaitOneEmailTo(created.text("customerEmail"));
    }

    private static TestEvent paidEventOf(TestEvent created) {
        TestEvent paid = TestEvent.of("order.paid");
        paid.with("orderId", created.text("orderId"))
                .with("customerId", created.text("customerId"))
                .with("customerEmail", created.text("customerEmail"));
        return paid;
    }
}
