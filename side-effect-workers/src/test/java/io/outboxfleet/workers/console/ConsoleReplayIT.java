package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * From alert to cause to replay in the browser: an endpoint that fails into the dead letters is
 * found from the overview, explained by the event's lineage, fixed, and replayed with one click.
 */
class ConsoleReplayIT extends WorkersScenario {

    private static final int MAX_ATTEMPTS = 6; // fleet.retry.max-attempts of the tests

    @LocalServerPort int port;

    private ConsoleBrowser browser;
    private RecordingHttpServer endpoint;

    @BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser(port);
        endpoint = new RecordingHttpServer();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
        endpoint.close();
    }

    @Test
    void aFailingEndpointIsFoundExplainedAndReplayedFromTheConsole() {
        endpoint.respondAlways(503);
        Subscription subscription = subscribe(endpoint, "/orders-hook", "order.created");
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);
        awaitDeadLetterOf(order);

        browser.logIn(OpsApi.token("olivia", "ops"));

        browser.awaitPath("/ops/console/");
        // at least ours (a test before may leave a late one behind in the shared database)
        assertThat(Long.parseLong(browser.find("#dead-letters-count").getText()))
                .isGreaterThanOrEqualTo(1);
        assertThat(browser.find("#effects").getText()).contains("webhook");
        browser.screenshot("overview");
        // the overview refreshes itself (htmx from its WebJar, allowed by the CSP)
        String asOf = browser.find("#as-of").getText();
        // a refresh replaces the elements: one read between find and getText may go stale
        await().atMost(ConsoleBrowser.PATIENCE)
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> !browser.find("#as-of").getText().equals(asOf));

        // click 1: the dead letters count (retried if a refresh replaced it under the click)
        await().atMost(ConsoleBrowser.PATIENCE)
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(
                        () -> {
                            browser.find("#card-dead-letters").click();
                            return true;
                        });
        WebElement row = browser.find("tr.dead-letter[data-event-id='" + order.id() + "']");
        assertThat(row.getText()).contains("webhook", "order.created", "HTTP 503");
        assertThat(row.getText()).contains(endpoint.baseUrl() + "/orders-hook");
        browser.screenshot("dead-letters");

        // click 2: the event's lineage
        row.findElement(org.openqa.selenium.By.cssSelector("a.lineage")).click();
        browser.awaitPath("/ops/console/lineage");
        List<WebElement> webhookAttempts = webhookAttempts();
        assertThat(webhookAttempts).hasSize(MAX_ATTEMPTS);
        assertThat(webhookAttempts.get(MAX_ATTEMPTS - 1).getAttribute("data-outcome"))
                .isEqualTo("dead_letter");
        assertThat(webhookAttempts.get(0).getText()).contains(subscription.id().toString(), "503");
        // where it came from: the outbox row's WAL position and the Kafka record each group read
        assertThat(browser.find("td.wal-position").getText()).isEqualTo(TestEvent.WAL_POSITION);
        assertThat(browser.find("td.kafka-position").getText())
                .containsPattern("fleet\\.order\\.events partition \\d+ offset \\d+ \\(read by ")
                .contains("email");

        // the destination recovers; click 3: Replay
        endpoint.respondAlways(200);
        browser.find("section.event button.replay").click();

        browser.awaitPath("/ops/console/lineage");
        assertThat(browser.find("#flash").getText()).contains("queued again");
        await().atMost(ConsoleBrowser.PATIENCE)
                .pollInterval(java.time.Duration.ofMillis(500))
                .until(
                        () -> {
                            browser.driver().navigate().refresh();
                            List<WebElement> attempts = webhookAttempts();
                            return attempts.size() == MAX_ATTEMPTS + 1
                                    && "success"
                                            .equals(
                                                    attempts.get(MAX_ATTEMPTS)
                                                            .getAttribute("data-outcome"));
                        });
        assertThat(Sinks.webhooksWithId(endpoint, order.id())).hasSize(MAX_ATTEMPTS + 1);
        assertThat(browser.all("section.event button.replay")).isEmpty();
        browser.screenshot("lineage");

        browser.find("#nav-dead-letters").click();
        assertThat(browser.all("tr.dead-letter[data-event-id='" + order.id() + "']")).isEmpty();
        browser.find("#nav-endpoints").click();
        assertThat(browser.find("tr.endpoint[data-id='" + subscription.id() + "']").getText())
                .contains("enabled", endpoint.baseUrl());
        browser.screenshot("endpoints");
    }

    private List<WebElement> webhookAttempts() {
        return browser.all("tr.attempt[data-effect='webhook']");
    }

    private void awaitDeadLetterOf(TestEvent order) {
        await().atMost(PATIENCE)
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from dead_letters where event_id = :id and effect = 'webhook'")
                                                .param("id", order.id())
                                                .query(Long.class)
                                                .single()
                                        == 1);
    }
}
