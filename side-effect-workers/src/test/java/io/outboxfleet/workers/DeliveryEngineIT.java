package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.ScriptedHttpServer;
import io.outboxfleet.workers.fixtures.ScriptedHttpServer.Answer;
import io.outboxfleet.workers.fixtures.ScriptedHttpServer.Arrival;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery engine's promises, end to end through Kafka, Postgres and real HTTP servers. */
class DeliveryEngineIT extends WorkersScenario {

    private final ScriptedHttpServer endpoint = new ScriptedHttpServer();

    @AfterEach
    void closeTheEndpoint() {
        endpoint.close();
        jdbc.sql("delete from webhook_endpoints").update();
    }

    @Test
    void aSlowEndpointDoesNotHoldUpAnotherEndpointOnTheSameHost() {
        // both on one host and port: isolation is per endpoint, not per host
        endpoint.alwaysOnPath("/slow", Answer.slow(Duration.ofSeconds(5)));
        subscribeUrl(endpoint.baseUrl() + "/slow", "product.stock_changed");
        subscribeUrl(endpoint.baseUrl() + "/fast", "product.stock_changed");
        List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestEvent event = TestEvent.of("product.stock_changed");
            events.add(event);
            EventProducer.send(event);
        }

        // the slow one times out after 2 s (test read timeout) on every call; the fast one does not
        // wait
        await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.arrivals("/fast").size() >= events.size());
        assertThat(endpoint.arrivals("/fast"))
                .extracting(a -> a.request().header("webhook-id"))
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(e -> e.id().toString()).toList());
    }

    @Test
    void a429WithRetryAfterIsRetriedNoEarlierThanAskedEvenBeyondTheMaximumBackoff() {
        // tests' maximum backoff is 400 ms; the endpoint asks for 2 s
        endpoint.onPath("/busy", Answer.retryAfter(429, 2));
        subscribeUrl(endpoint.baseUrl() + "/busy", "order.created");
        TestEvent order = TestEvent.of("order.created");

        EventProducer.send(order);

        await().atMost(PATIENCE).until(() -> endpoint.arrivals("/busy").size() >= 2);
        List<Arrival> calls = endpoint.arrivals("/busy");
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(calls)
                .extracting(a -> a.request().header("webhook-id"))
                .containsOnly(order.id().toString());
    }

    @Test
    void aQueuedDeliveryToAnEndpointDeletedMeanwhileIsADeadLetterWithThatReason() {
        endpoint.onPath("/leaving", Answer.retryAfter(503, 2));
        Subscription leaving = subscribeUrl(endpoint.baseUrl() + "/leaving", "order.created");
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);
        await().atMost(PATIENCE).until(() -> !endpoint.arrivals("/leaving").isEmpty());

        jdbc.sql("delete from webhook_endpoints where id = :id").param("id", leaving.id()).update();

        String reason = awaitDeadLetterReason(order.id(), "webhook");
        assertThat(reason)
                .startsWith("permanent failure")
                .contains("webhook endpoint " + leaving.id() + " was deleted");
        assertThat(endpoint.arrivals("/leaving")).hasSize(1);
    }

    @Test
    void queuedDealUpsertsOfOneOrderAreSupersededByItsNewestState() {
        TestEvent created = TestEvent.of("order.created");
        String deal = "/deals/" + created.text("orderId");
        // the first call for this deal is asked to wait 3 s: the newer states arrive meanwhile
        Sinks.CRM.onPath(deal, Answer.retryAfter(429, 3));
        TestEvent paid = sameOrder(created, "order.paid");
        TestEvent cancelled = sameOrder(created, "order.cancelled");

        EventProducer.send(created);
        // its 429 is recorded: it waits for its retry, claimed by no one
        await().atMost(PATIENCE).until(() -> outcomeOf(created.id(), "crm", "failure") == 1);
        EventProducer.send(paid);
        EventProducer.send(cancelled);

        await().atMost(PATIENCE).until(() -> outcomeOf(cancelled.id(), "crm", "success") == 1);
        // the waiting PENDING_PAYMENT upsert was replaced, never retried
        assertThat(outcomeOf(created.id(), "crm", "superseded")).isEqualTo(1);
        // PAID was superseded too, unless it was already in flight when CANCELLED was taken in
        assertThat(
                        outcomeOf(paid.id(), "crm", "superseded")
                                + outcomeOf(paid.id(), "crm", "success"))
                .isEqualTo(1);
        List<Arrival> calls = Sinks.CRM.arrivals(deal);
        // the last state the CRM saw is the newest
        assertThat(calls.get(calls.size() - 1).request().body()).contains("\"CANCELLED\"");
        assertThat(calls).hasSizeLessThanOrEqualTo(3);
        assertThat(calls)
                .filteredOn(
                        a -> a.request().header("idempotency-key").equals(created.id().toString()))
                .hasSize(1);
        // emails are never coalesced: one per event
        await().atMost(PATIENCE)
                .until(() -> Sinks.emailsTo(created.text("customerEmail")).size() == 3);
    }

    private static TestEvent sameOrder(TestEvent order, String type) {
        return TestEvent.of(type)
                .with("orderId", order.text("orderId"))
                .with("customerId", order.text("customerId"))
                .with("customerEmail", order.text("customerEmail"));
    }

    private long outcomeOf(UUID eventId, String effect, String outcome) {
        return jdbc.sql(
                        "select count(*) from delivery_attempts where event_id = :id and effect = :effect"
                                + " and outcome = :outcome and target like 'deal:%'")
                .param("id", eventId)
                .param("effect", effect)
                .param("outcome", outcome)
                .query(Long.class)
                .single();
    }

    private String awaitDeadLetterReason(UUID eventId, String effect) {
        await().atMost(PATIENCE).until(() -> reasonOf(eventId, effect) != null);
        return reasonOf(eventId, effect);
    }

    private String reasonOf(UUID eventId, String effect) {
        return jdbc.sql("select reason from dead_letters where event_id = :id and effect = :effect")
                .param("id", eventId)
                .param("effect", effect)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
