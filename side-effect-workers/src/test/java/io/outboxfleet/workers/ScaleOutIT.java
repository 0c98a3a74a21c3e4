package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer.Request;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two worker instances in the same consumer groups, one of them leaving half-way (a rebalance). */
class ScaleOutIT extends WorkersScenario {

    private static final int EVENTS = 500;

    @Test
    void twoWorkersShareTheWorkAndEveryEffectHappensExactlyOnceThroughARebalance() {
        subscribe(Sinks.SUBSCRIBER, "/hooks", "order.created");
        List<TestEvent> events = new ArrayList<>();

        try (ConfigurableApplicationContext second = secondWorker()) {
            for (int i = 0; i < EVENTS / 2; i++) {
                events.add(send());
            }
            // let the second worker take part before it leaves
            await().atMost(PATIENCE)
                    .until(() -> Sinks.SMTP.getReceivedMessages().length >= EVENTS / 10);
            // the second worker took part: its own registry counts deliveries it performed
            io.micrometer.core.instrument.MeterRegistry secondMeters =
                    second.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            await("the second worker performed deliveries")
                    .atMost(PATIENCE)
                    .until(
                            () ->
                                    secondMeters.find("fleet.effect.attempts").counters().stream()
                                                    .mapToDouble(
                                                            io.micrometer.core.instrument.Counter
                                                                    ::count)
                                                    .sum()
                                            > 0);
        }
        for (int i = EVENTS / 2; i < EVENTS; i++) {
            events.add(send());
        }

        Duration patience = PATIENCE.multipliedBy(4);
        await().atMost(patience).until(() -> Sinks.SMTP.getReceivedMessages().length >= EVENTS);
        await().atMost(patience).until(() -> Sinks.CRM.requests().size() >= 2 * EVENTS);
        await().atMost(patience).until(() -> Sinks.SUBSCRIBER.requests().size() >= EVENTS);

        Map<String, Long> emailsById =
                Arrays.stream(Sinks.SMTP.getReceivedMessages())
                        .collect(
                                Collectors.groupingBy(
                                        ScaleOutIT::messageId, Collectors.counting()));
        assertThat(emailsById)
                .hasSize(EVENTS)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(countBy(Sinks.CRM.requests(), Request::path))
                .hasSize(2 * EVENTS)
                .allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1));
        assertThat(countBy(Sinks.SUBSCRIBER.requests(), r -> r.header("webhook-id")))
                .hasSize(EVENTS)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        for (TestEvent event : events) {
            assertThat(Sinks.emailsTo(event.text("customerEmail"))).hasSize(1);
        }
    }

    private static TestEvent send() {
        TestEvent event = TestEvent.of("order.created");
        EventProducer.send(event);
        return event;
    }

    private static ConfigurableApplicationContext secondWorker() {
        Map<String, Object> properties = WorkersScenario.properties();
        properties.put("server.port", "0");
        String[] arguments =
                properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new);
        return new SpringApplicationBuilder(SideEffectWorkersApplication.class).run(arguments);
    }

    private static Map<String, Long> countBy(
            List<Request> requests, Function<Request, String> key) {
        return requests.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
