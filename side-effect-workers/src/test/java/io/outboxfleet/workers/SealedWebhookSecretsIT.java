package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.security.secret.SecretBox;
import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.ConsoleSession;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The command-service stores webhook secrets sealed with FLEET_SECRETS_KEY (issue 14): the workers
 * open them to sign, so a subscriber verifies with the secret it was handed, while the table holds
 * nothing usable; the ops console's rotation seals too, and its test events sign with the opened
 * secret.
 */
class SealedWebhookSecretsIT extends WorkersScenario {

    @LocalServerPort int port;

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

    /** The console's rotation writes the new secret sealed too, as the admin API does. */
    @Test
    void aSecretRotatedInTheConsoleIsStoredSealed() {
        UUID endpoint = sealedEndpoint("/rotated", newSecret());

        HttpResponse<String> page =
                ConsoleSession.logIn(port)
                        .post("/ops/console/endpoints/" + endpoint + "/rotate-secret", "");

        Matcher shown = Pattern.compile("id=\"secret\">(whsec_[^<]+)<").matcher(page.body());
        assertThat(shown.find()).as(page.body()).isTrue();
        String stored =
                jdbc.sql("select secret from webhook_endpoints where id = :id")
                        .param("id", endpoint)
                        .query(String.class)
                        .single();
        assertThat(stored).startsWith("sbx1:").doesNotContain(shown.group(1));
        assertThat(SecretBox.of(SECRETS_KEY).open(stored)).isEqualTo(shown.group(1));
    }

    /** A test event from the console is signed with the opened secret, not its sealed text. */
    @Test
    void aConsoleTestEventIsSignedWithTheSealedSecret() throws Exception {
        String secret = newSecret();
        UUID endpoint = sealedEndpoint("/console-test", secret);

        ConsoleSession.logIn(port).post("/ops/console/endpoints/" + endpoint + "/test", "");

        List<Request> received = Sinks.SUBSCRIBER.requests("POST", "/console-test");
        assertThat(received).hasSize(1);
        OrderCreatedIT.assertSignedBy(secret, received.get(0));
    }

    private UUID sealedEndpoint(String path, String secret) {
        return jdbc.sql(
                        """
                insert into webhook_endpoints (url, event_types, secret)
                values (:url, '{}', :secret) returning id""")
                .param("url", Sinks.SUBSCRIBER.baseUrl() + path)
                .param("secret", SecretBox.of(SECRETS_KEY).seal(secret))
                .query(UUID.class)
                .single();
    }

    private static String newSecret() {
        return "whsec_"
                + java.util.Base64.getEncoder()
                        .encodeToString(UUID.randomUUID().toString().getBytes());
    }
}
