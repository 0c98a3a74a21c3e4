package io.outboxfleet.command.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.CommandServiceApplication;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How a stream ends on the server's side (docs/realtime.md): after {@code stream-timeout}, and when
 * the service shuts down ({@code event: disconnected}, reason {@code shutting-down}). Both need
 * what the shared test context cannot give: a stream timeout of seconds, and a context that is
 * closed. So this class starts a command-service of its own (one {@link SpringApplicationBuilder}
 * for the class, not the test framework's context cache) with {@code stream-timeout} 3s and one
 * stream per user, on the shared Postgres and Kafka; its last test closes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeStreamLifecycleIT {

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(3);

    private static ConfigurableApplicationContext service;
    private static int port;

    private final List<SseClient> clients = new ArrayList<>();
    private final RowChanges rows = new RowChanges();

    @BeforeAll
    static void startService() {
        PostgresServer postgres = PostgresServer.shared();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", postgres.jdbcUrl());
        properties.put("spring.datasource.username", PostgresServer.USER);
        properties.put("spring.datasource.password", PostgresServer.PASSWORD);
        properties.put("spring.kafka.bootstrap-servers", KafkaBroker.bootstrapServers());
        properties.put("fleet.security.jwt.secret", Tokens.SECRET);
        properties.put("fleet.payments.webhook-secret", "whsec_lifecycle_test");
        properties.put("fleet.secrets.key", "l1:" + Base64.getEncoder().encodeToString(key));
        properties.put("fleet.changes.stream-timeout", STREAM_TIMEOUT.toString());
        properties.put("fleet.changes.max-streams-per-user", "1");
        // as command-line arguments: they win over application.yml's FLEET_* defaults
        service =
                new SpringApplicationBuilder(CommandServiceApplication.class)
                        .run(
                                properties.entrySet().stream()
                                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                                        .toArray(String[]::new));
        port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        ChangeFeed feed = service.getBean(ChangeFeed.class);
        await().atMost(Duration.ofSeconds(60)).until(feed::ready);
    }

    @AfterAll
    static void stopService() {
        if (service.isActive()) {
            service.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
        rows.close();
    }

    @Test
    @Order(1)
    void aStreamIsClosedAfterTheStreamTimeoutAndItsReconnectResumesWithoutA429() {
        String dora = Tokens.of("lifecycle-dora", "customer");
        String order = UUID.randomUUID().toString();
        long opened = System.nanoTime();
        SseClient first = open(dora, null);
        rows.orderInserted(order, "lifecycle-dora", "PENDING_PAYMENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> first.events.size() == 1);

        await("the stream closed by the server")
                .atMost(STREAM_TIMEOUT.plusSeconds(10))
                .until(() -> first.ended);
        Duration lasted = Duration.ofNanos(System.nanoTime() - opened);
        assertThat(lasted).isGreaterThanOrEqualTo(STREAM_TIMEOUT.minusMillis(100));
        assertThat(first.events).extracting(SseClient.Event::name).containsExactly("INSERT");
        rows.orderUpdated(order, "lifecycle-dora", "PENDING_PAYMENT", "PAID", 1);

        // one stream per user here: the timed-out one released its slot
        SseClient again = open(dora, first.events.get(0).id());
        assertThat(again.status).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> again.events.size() == 1);
        assertThat(again.events.get(0).data().path("new").path("status").asString())
                .isEqualTo("PAID");
    }

    @Test
    @Order(2)
    void onShutdownEveryOpenStreamIsToldShuttingDownWithWhereToResumeAndClosed() {
        SseClient orders = open(Tokens.of("lifecycle-erin", "customer"), null);
        SseClient products =
                SseClient.open(
                        port, "table=products", Tokens.of("lifecycle-fay", "customer"), null);
        clients.add(products);
        String order = UUID.randomUUID().toString();
        rows.orderInserted(order, "lifecycle-erin", "PENDING_PAYMENT");
        await().atMost(Duration.ofSeconds(5)).until(() -> orders.events.size() == 1);

        Thread closing = new Thread(service::close, "close-command-service");
        closing.start();

        for (SseClient stream : List.of(orders, products)) {
            await("the stream told and closed")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> stream.ended);
            SseClient.Event last = stream.events.get(stream.events.size() - 1);
            assertThat(last.name()).isEqualTo("disconnected");
            assertThat(last.data().path("reason").asString()).isEqualTo("shutting-down");
            assertThat(last.data().path("resumeFrom").asString()).isEqualTo(last.id());
        }
        assertThat(orders.events.get(1).id())
                .as("resumes after the change it received")
                .isEqualTo(orders.events.get(0).id());
        await().atMost(Duration.ofSeconds(30)).until(() -> !closing.isAlive());
    }

    private SseClient open(String token, String lastEventId) {
        SseClient client = SseClient.open(port, "table=orders", token, lastEventId);
        clients.add(client);
        return client;
    }
}
