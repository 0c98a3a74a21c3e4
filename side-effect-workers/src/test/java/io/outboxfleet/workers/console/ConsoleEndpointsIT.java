package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import io.outboxfleet.workers.webhook.WebhookSignature;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The webhook endpoints page in a real browser: a test event reaches the subscriber signed with its
 * secret; a disabled endpoint receives nothing until it is enabled again; a rotated secret is shown
 * once and signs the next webhook.
 */
class ConsoleEndpointsIT extends WorkersScenario {

    @LocalServerPort int port;

    private ConsoleBrowser browser;
    private RecordingHttpServer subscriber;

    @BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser(port);
        subscriber = new RecordingHttpServer();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
        subscriber.close();
    }

    @Test
    void anEndpointIsTestedDisabledEnabledAndGivenANewSecretFromTheConsole()
            throws InterruptedException {
        Subscription endpoint = subscribe(subscriber, "/hooks", "order.created");
        // the marker endpoint of awaitProcessedBehind
        subscribe(Sinks.SUBSCRIBER, "/all", "order.created");
        browser.logIn(OpsApi.token("olivia", "ops"));
        browser.awaitPath("/ops/console/");
        browser.find("#nav-endpoints").click();
        awaitStatus(endpoint, "enabled");
        assertThat(row(endpoint).getText()).contains(subscriber.baseUrl() + "/hooks");

        // a test event, straight to the endpoint, signed with its secret
        button(endpoint, "button.test").click();
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> browser.find("#flash").getText().contains("HTTP 200"));
        RecordingHttpServer.Request test = subscriber.requests("POST", "/hooks").get(0);
        assertThat(test.header("webhook-id")).startsWith("test_");
        assertThat(test.body()).contains("\"type\":\"fleet.test\"");
        assertThat(signedWith(endpoint.secret(), test)).as("signed with the secret").isTrue();

        // disabled: an event consumed meanwhile is not sent to it
        button(endpoint, "button.disable").click();
        awaitStatus(endpoint, "disabled");
        TestEvent whileDisabled = TestEvent.of("order.created");
        EventProducer.send(whileDisabled);
        awaitProcessedBehind(whileDisabled);
        assertThat(Sinks.webhooksWithId(subscriber, whileDisabled.id())).isEmpty();

        // enabled again: the next event arrives
        button(endpoint, "button.enable").click();
        awaitStatus(endpoint, "enabled");
        TestEvent afterEnabling = TestEvent.of("order.created");
        EventProducer.send(afterEnabling);
        awaitWebhooks(subscriber, afterEnabling.id(), 1);

        // a new secret, shown once, signs the next webhook
        button(endpoint, "button.rotate").click();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> !browser.all("#secret").isEmpty());
        String secret = browser.find("#secret").getText().strip();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(endpoint.secret());
        // deliveries sign with the endpoints as read at most a second ago (docs/operations.md)
        Thread.sleep(1_100);
        TestEvent afterRotation = TestEvent.of("order.created");
        EventProducer.send(afterRotation);
        List<RecordingHttpServer.Request> delivered =
                awaitWebhooks(subscriber, afterRotation.id(), 1);
        assertThat(signedWith(secret, delivered.get(0)))
                .as("the webhook after the rotation is signed with the new secret")
                .isTrue();
    }

    /** Waits until the endpoints page shows the endpoint with this status. */
    private void awaitStatus(Subscription endpoint, String status) {
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(
                        () ->
                                row(endpoint)
                                        .findElement(org.openqa.selenium.By.cssSelector(".status"))
                                        .getText()
                                        .equals(status));
    }

    private org.openqa.selenium.WebElement row(Subscription endpoint) {
        return browser.find("tr.endpoint[data-id='" + endpoint.id() + "']");
    }

    private org.openqa.selenium.WebElement button(Subscription endpoint, String css) {
        return row(endpoint).findElement(org.openqa.selenium.By.cssSelector(css));
    }

    /** Whether one of the {@code v1,} signatures of the request is the secret's. */
    private static boolean signedWith(String secret, RecordingHttpServer.Request request) {
        String expected =
                WebhookSignature.sign(
                        secret,
                        request.header("webhook-id"),
                        Long.parseLong(request.header("webhook-timestamp")),
                        request.body());
        return Arrays.asList(request.header("webhook-signature").split(" ")).contains(expected);
    }
}
