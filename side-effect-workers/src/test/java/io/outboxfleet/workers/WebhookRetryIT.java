package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRetryIT extends WorkersScenario {

    @Test
    void aFailingEndpointIsRetriedWithTheSameIdWhileAHealthyOneReceivesOnce() throws Exception {
        Subscription failing = subscribe(Sinks.SUBSCRIBER, "/flaky");
        subscribe(Sinks.OTHER_SUBSCRIBER, "/healthy", "order.created");
        Sinks.SUBSCRIBER.respondNext(500, 500);
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        List<Request> attempts = awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 3);
        assertThat(attempts).hasSize(3);
        assertThat(attempts)
                .extracting(r -> r.header("webhook-id"))
                .containsOnly(order.id().toString());
        assertThat(attempts).extracting(Request::body).containsOnly(attempts.get(0).body());
        OrderCreatedIT.assertSignedBy(failing.secret(), attempts.get(2));
        await().atMost(PATIENCE).until(() -> countEffectRows(order, "webhook") == 2);

        assertThat(Sinks.webhooksWithId(Sinks.OTHER_SUBSCRIBER, order.id())).hasSize(1);
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, order.id())).hasSize(3);
        // the other effects of the event were not repeated by the webhook retries
        awaitOneEmailTo(order.text("customerEmail"));
        assertThat(Sinks.emailsTo(order.text("customerEmail"))).hasSize(1);
        assertThat(Sinks.CRM.requests("PUT", "/deals/" + order.text("orderId"))).hasSize(1);
    }

    @Test
    void aFailingCrmIsRetriedWithTheSameIdempotencyKey() {
        Sinks.CRM.respondNext(503);
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        await().atMost(PATIENCE).until(() -> countEffectRows(order, "crm") == 2);
        List<Request> calls =
                Sinks.CRM.requests().stream()
                        .filter(r -> order.id().toString().equals(r.header("Idempotency-Key")))
                        .toList();
        assertThat(calls).hasSize(3); // contact or deal failed once, then both succeeded once
        assertThat(Sinks.CRM.requests("PUT", "/deals/" + order.text("orderId"))).isNotEmpty();
    }

    private int countEffectRows(TestEvent event, String effect) {
        return jdbc.sql("select count(*) from effect_log where event_id = :id and effect = :effect")
                .param("id", event.id())
                .param("effect", effect)
                .query(Integer.class)
                .single();
    }
}
