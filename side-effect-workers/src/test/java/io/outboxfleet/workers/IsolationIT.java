package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.workers.fixtures.BlackHoleServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class IsolationIT extends WorkersScenario {

    @LocalServerPort int port;

    private final BlackHoleServer hung = new BlackHoleServer();

    @AfterEach
    void closeTheHungEndpoint() {
        hung.close();
        jdbc.sql("delete from webhook_endpoints").update();
        await().atMost(PATIENCE)
                .until(
                        () ->
                                jdbc.sql(
                                                        "select count(*) from effect_queue where leased_until is not null")
                                                .query(Integer.class)
                                                .single()
                                        == 0);
    }

    @Test
    void aHungEndpointOpensItsCircuitWhileAHealthyEndpointKeepsReceiving() {
        Subscription dead = subscribeUrl(hung.baseUrl() + "/hooks");
        subscribe(Sinks.OTHER_SUBSCRIBER, "/healthy");
        List<TestEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestEvent event = TestEvent.of("product.stock_changed");
            events.add(event);
            EventProducer.send(event);
        }

        for (TestEvent event : events) {
            awaitWebhooks(Sinks.OTHER_SUBSCRIBER, event.id(), 1);
        }
        // the healthy endpoint got everything while the hung one still has its work queued: it did
        // not wait for it
        assertThat(queuedFor(dead)).isPositive();

        OpsApi ops = new OpsApi(port);
        String circuit =
                "resilience4j_circuitbreaker_state\\{[^}]*name=\"webhook:"
                        + dead.id()
                        + "\",state=\"open\"[^}]*} 1\\.0";
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(ops.metrics()).containsPattern(circuit));
        // its circuit and in-flight limit kept the hung endpoint to a bounded number of calls
        assertThat(hung.connections()).isLessThan(12 * 6);
    }

    private int queuedFor(Subscription endpoint) {
        return jdbc.sql("select count(*) from effect_queue where target = :target")
                .param("target", endpoint.id().toString())
                .query(Integer.class)
                .single();
    }
}
