package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookEndpointsIT extends WorkersScenario {

    @Test
    void duringARotationBothSecretsSign() throws Exception {
        Subscription endpoint = subscribe(Sinks.SUBSCRIBER, "/rotating");
        String previous = endpoint.secret();
        String current =
                "whsec_"
                        + Base64.getEncoder()
                                .encodeToString(UUID.randomUUID().toString().getBytes());
        jdbc.sql(
                        """
                update webhook_endpoints set previous_secret = secret, secret = :secret,
                       previous_secret_expires_at = now() + interval '1 hour' where id = :id""")
                .param("secret", current)
                .param("id", endpoint.id())
                .update();
        TestEvent event = TestEvent.of("document.updated");

        EventProducer.send(event);

        Request delivery = awaitWebhooks(Sinks.SUBSCRIBER, event.id(), 1).get(0);
        assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
        OrderCreatedIT.assertSignedBy(current, delivery);
        OrderCreatedIT.assertSignedBy(previous, delivery);
    }

    @Test
    void anEndpointFailingTooOftenInARowIsDisabled() {
        Subscription endpoint = subscribe(Sinks.SUBSCRIBER, "/failing");
        jdbc.sql("update webhook_endpoints set consecutive_failures = 49 where id = :id")
                .param("id", endpoint.id())
                .update();
        Sinks.SUBSCRIBER.respondNext(404);

        EventProducer.send(TestEvent.of("product.stock_changed"));

        await().atMost(PATIENCE)
                .until(
                        () ->
                                !jdbc.sql("select enabled from webhook_endpoints where id = :id")
                                        .param("id", endpoint.id())
                                        .query(Boolean.class)
                                        .single());
        assertThat(
                        jdbc.sql("select disabled_reason from webhook_endpoints where id = :id")
                                .param("id", endpoint.id())
                                .query(String.class)
                                .single())
                .startsWith("50 consecutive failed deliveries")
                .contains("HTTP 404");
        TestEvent later = TestEvent.of("product.stock_changed");
        TestEvent marker = TestEvent.of("product.stock_changed").withKey(later.key());
        subscribe(Sinks.OTHER_SUBSCRIBER, "/marker");
        EventProducer.send(later);
        EventProducer.send(marker);
        awaitWebhooks(Sinks.OTHER_SUBSCRIBER, marker.id(), 1);
        // the enabled endpoint got both events in order; the disabled one got neither
        assertThat(Sinks.webhooksWithId(Sinks.OTHER_SUBSCRIBER, later.id())).hasSize(1);
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, later.id())).isEmpty();
        assertThat(Sinks.webhooksWithId(Sinks.SUBSCRIBER, marker.id())).isEmpty();
    }
}
