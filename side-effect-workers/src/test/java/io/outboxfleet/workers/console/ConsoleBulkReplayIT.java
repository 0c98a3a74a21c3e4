package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A filtered set of dead letters is replayed after a confirmation page that says how many. */
class ConsoleBulkReplayIT extends WorkersScenario {

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
    void theFilteredDeadLettersAreReplayedAfterAConfirmationThatCountsThem() {
        endpoint.respondAlways(410);
        Subscription subscription = subscribe(endpoint, "/gone-for-now", "order.created");
        TestEvent first = TestEvent.of("order.created");
        TestEvent second = TestEvent.of("order.created");
        EventProducer.send(first);
        EventProducer.send(second);
        await().atMost(PATIENCE).until(() -> deadLettersTo(subscription) == 2);

        browser.logIn(OpsApi.token("olivia", "ops"));
        browser.awaitPath("/ops/console/");
        browser.open("/ops/console/dead-letters?destination=" + subscription.id());
        assertThat(browser.all("tr.dead-letter")).hasSize(2);
        browser.find("#bulk-replay").click();

        browser.awaitPath("/ops/console/dead-letters/replay");
        assertThat(browser.find("#replay-count").getText()).startsWith("2 dead letter(s)");
        browser.screenshot("replay-confirm");
        endpoint.respondAlways(200);
        browser.find("#confirm-replay").click();

        browser.awaitPath("/ops/console/dead-letters");
        assertThat(browser.find("#flash").getText()).contains("Replaying 2 dead letter(s)");
        await().atMost(PATIENCE)
                .until(
                        () ->
                                Sinks.webhooksWithId(endpoint, first.id()).size() == 2
                                        && Sinks.webhooksWithId(endpoint, second.id()).size() == 2);
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> {
                            browser.driver().navigate().refresh();
                            assertThat(browser.find("#bulk-progress").getText())
                                    .contains("2 of 2 done (2 queued, 0 refused), finished");
                            assertThat(browser.all("tr.dead-letter")).isEmpty();
                        });
    }

    private long deadLettersTo(Subscription subscription) {
        return jdbc.sql("select count(*) from dead_letters where target = :target")
                .param("target", subscription.id().toString())
                .query(Long.class)
                .single();
    }
}
