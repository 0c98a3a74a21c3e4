package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.security.secret.SecretBox;
import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The command-service stores webhook secrets sealed with FLEET_SECRETS_KEY (issue 14): the workers
 * open them to sign, so a subscriber verifies with the secret it was handed, while the table holds
 * nothing usable.
 */
class SealedWebhookSecretsIT extends WorkersScenario {

    @Test
    void aSealedSecretAndASealedPreviousSecretBothSign() throws Exception {
        SecretBox box = SecretBox.of(SECRETS_KEY);
        String current =
                "whsec_"
                        + java.util.Base64.getEncoder()
                                .encodeToString(UUID.randomUUID().toString().getBytes());
        String previous =
                "whsec_"
                        + java.util.Base64.getEncoder()
                                .encodeToString(UUID.randomUUID().toString().getBytes());
        jdbc.sql(
                        """
                insert into webhook_endpoints (url, event_types, secret, previous_secret,
                                               previous_secret_expires_at)
                values (:url, '{}', :secret, :previous, now() + interval '1 hour')""")
                .param("url", Sinks.SUBSCRIBER.baseUrl() + "/sealed")
                .param("secret", box.seal(current))
                .param("previous", box.seal(previous))
                .update();
        assertThat(
                        jdbc.sql("select secret || previous_secret from webhook_endpoints")
                                .query(String.class)
                                .single())
                .doesNotContain(current)
                .doesNotContain(previous);
        TestEvent event = TestEvent.of("document.updated");

        EventProducer.send(event);

        Request delivery = awaitWebhooks(Sinks.SUBSCRIBER, event.id(), 1).get(0);
        OrderCreatedIT.assertSignedBy(current, delivery);
        OrderCreatedIT.assertSignedBy(previous, delivery);
    }
}
