package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class OtherEventTypesIT extends WorkersScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource({
        "order.paid, Payment received, PAID",
        "order.cancelled, Order cancelled, CANCELLED"
    })
    void orderEventsSendTheirEmailAndMoveTheDeal(String type, String subject, String dealStatus)
            throws Exception {
        TestEvent event = TestEvent.of(type);

        EventProducer.send(event);

        MimeMessage email = awaitOneEmailTo(event.text("customerEmail"));
        assertThat(email.getSubject()).startsWith(subject).contains(event.text("orderId"));
        assertThat(email.getMessageID()).isEqualTo("<" + event.id() + "@outbox-fleet>");
        Request deal = awaitCrm("PUT", "/deals/" + event.text("orderId")).get(0);
        assertThat(deal.header("Idempotency-Key")).isEqualTo(event.id().toString());
        assertThat(JSON.readTree(deal.body()).path("status").asString()).isEqualTo(dealStatus);
        assertThat(Sinks.CRM.requests("PUT", "/contacts/" + event.text("customerId"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order.paid",
                "order.cancelled",
                "product.stock_changed",
                "document.updated"
            })
    void everyTypeReachesItsSubscribers(String type) throws Exception {
        Subscription subscription = subscribe(Sinks.SUBSCRIBER, "/hooks", type);
        TestEvent event = TestEvent.of(type);

        EventProducer.send(event);

        Request webhook = awaitWebhooks(Sinks.SUBSCRIBER, event.id(), 1).get(0);
        OrderCreatedIT.assertSignedBy(subscription.secret(), webhook);
        assertThat(JSON.readTree(webhook.body()).path("type").asString()).isEqualTo(type);
        assertThat(JSON.readTree(webhook.body()).path("data")).isEqualTo(event.payload());
    }

    @Test
    void aDisabledEndpointGetsNothing() {
        Subscription disabled = subscribe(Sinks.OTHER_SUBSCRIBER, "/off");
        jdbc.sql("update webhook_endpoints set enabled = false where id = :id")
                .param("id", disabled.id())
                .update();
        subscribe(Sinks.SUBSCRIBER, "/on");
        TestEvent event = TestEvent.of("product.stock_changed");

        EventProducer.send(event);

        awaitWebhooks(Sinks.SUBSCRIBER, event.id(), 1);
        assertThat(Sinks.webhooksWithId(Sinks.OTHER_SUBSCRIBER, event.id())).isEmpty();
    }
}
