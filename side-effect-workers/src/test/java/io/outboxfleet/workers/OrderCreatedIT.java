package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrderCreatedIT extends WorkersScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void orderCreatedSendsTheEmailSyncsTheCrmAndDeliversASignedWebhook() throws Exception {
        Subscription subscription =
                subscribe(Sinks.SUBSCRIBER, "/hooks/orders", "order.created", "order.paid");
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        MimeMessage email = awaitOneEmailTo(order.text("customerEmail"));
        assertThat(email.getSubject()).contains(order.text("orderId")).startsWith("Order received");
        assertThat(email.getMessageID()).isEqualTo("<" + order.id() + "@outbox-fleet>");
        assertThat(((InternetAddress) email.getFrom()[0]).getAddress())
                .isEqualTo("orders@fleet.local");
        assertThat(Sinks.bodyOf(email, "text/plain"))
                .contains(
                        "3f0c2b8e-5d0a-4e53-9a51-4c3f8f7f1e01",
                        "Total: 32.99 EUR",
                        order.text("orderId"));
        assertThat(Sinks.bodyOf(email, "text/html"))
                .contains(
                        "<li>",
                        "3f0c2b8e-5d0a-4e53-9a51-4c3f8f7f1e01",
                        "32.99 EUR",
                        order.text("orderId"));

        Request contact = awaitCrm("PUT", "/contacts/" + order.text("customerId")).get(0);
        assertThat(contact.header("Authorization")).isEqualTo("Bearer test-crm-token");
        assertThat(contact.header("Idempotency-Key")).isEqualTo(order.id().toString());
        assertThat(JSON.readTree(contact.body()).path("email").asString())
                .isEqualTo(order.text("customerEmail"));
        Request deal = awaitCrm("PUT", "/deals/" + order.text("orderId")).get(0);
        assertThat(deal.header("Authorization")).isEqualTo("Bearer test-crm-token");
        assertThat(deal.header("Idempotency-Key")).isEqualTo(order.id().toString());
        JsonNode dealBody = JSON.readTree(deal.body());
        assertThat(dealBody.path("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(dealBody.path("amountCents").asLong()).isEqualTo(3299);
        assertThat(dealBody.path("currency").asString()).isEqualTo("EUR");
        assertThat(dealBody.path("customerId").asString()).isEqualTo(order.text("customerId"));

        Request webhook = awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 1).get(0);
        assertThat(webhook.method()).isEqualTo("POST");
        assertThat(webhook.path()).isEqualTo("/hooks/orders");
        assertThat(webhook.header("content-type")).startsWith("application/json");
        assertSignedBy(subscription.secret(), webhook);
        JsonNode body = JSON.readTree(webhook.body());
        assertThat(body.path("type").asString()).isEqualTo("order.created");
        assertThat(body.path("timestamp").asString()).isEqualTo(order.time().toString());
        assertThat(body.path("data").path("orderId").asString()).isEqualTo(order.text("orderId"));
    }

    @Test
    void theSameRecordAgainDoesNothingTwice() {
        subscribe(Sinks.SUBSCRIBER, "/hooks/all");
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);
        awaitOneEmailTo(order.text("customerEmail"));
        awaitCrm("PUT", "/deals/" + order.text("orderId"));
        awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 1);

        EventProducer.send(order);
        awaitProcessedBehind(order);

        assertEachEffectOnce(order);
    }

    @Test
    void aSubscriberOfOtherTypesGetsNothing() {
        subscribe(Sinks.OTHER_SUBSCRIBER, "/hooks/docs", "document.updated");
        subscribe(Sinks.SUBSCRIBER, "/hooks/all");
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);

        awaitWebhooks(Sinks.SUBSCRIBER, order.id(), 1);
        assertThat(Sinks.webhooksWithId(Sinks.OTHER_SUBSCRIBER, order.id())).isEmpty();
    }

    /** Standard Webhooks verification, written independently of the production signer. */
    static void assertSignedBy(String secret, Request webhook) throws Exception {
        String id = webhook.header("webhook-id");
        String timestamp = webhook.header("webhook-timestamp");
        assertThat(Long.parseLong(timestamp))
                .isCloseTo(
                        System.currentTimeMillis() / 1000,
                        org.assertj.core.data.Offset.offset(300L));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
                new SecretKeySpec(
                        Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
        String expected =
                Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal(
                                        (id + "." + timestamp + "." + webhook.body())
                                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(webhook.header("webhook-signature").split(" ")).contains("v1," + expected);
    }
}
