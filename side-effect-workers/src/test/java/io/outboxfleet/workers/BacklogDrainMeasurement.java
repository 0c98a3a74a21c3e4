package io.outboxfleet.workers;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.ScriptedHttpServer;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkerProcess;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Not a test (no assertion on timings): a measurement run on demand, {@code ./mvnw -pl
 * side-effect-workers -am verify -Dit.test=BacklogDrainMeasurement -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. The packaged workers, stopped while {@code
 * drain.orders} order.created events (4 effects each: 1 email, 2 CRM upserts, 1 webhook) are
 * published, then started: prints effects/s and worker CPU per effect (from /proc), and the
 * deliveries/s one webhook endpoint answering in {@code drain.slowMillis} ms receives. {@code
 * -Ddrain.jfr=true} records a JFR profile to target/drain.jfr.
 */
class BacklogDrainMeasurement {

    private static final int ORDERS = Integer.getInteger("drain.orders", 5000);
    private static final int SLOW_EVENTS = Integer.getInteger("drain.slowEvents", 1500);
    private static final int SLOW_MILLIS = Integer.getInteger("drain.slowMillis", 200);

    @Test
    void drain() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
        smtp.start();
        try (ScriptedHttpServer crm = new ScriptedHttpServer();
                ScriptedHttpServer subscriber = new ScriptedHttpServer()) {
            String database = WorkerProcess.freshDatabase("workers_drain");
            Map<String, String> env = new HashMap<>();
            env.put("FLEET_DB_URL", database);
            env.put("FLEET_DB_USER", PostgresServer.USER);
            env.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
            env.put("FLEET_KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
            env.put("FLEET_SMTP_HOST", "127.0.0.1");
            env.put("FLEET_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
            env.put("FLEET_CRM_BASE_URL", crm.baseUrl());
            env.put("FLEET_CRM_TOKEN", "drain-token");
            env.put("FLEET_JWT_SECRET", WorkersScenario.JWT_SECRET);
            env.put("FLEET_SECRETS_KEY", WorkersScenario.SECRETS_KEY);
            env.put("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
            env.put("FLEET_TOPICS_CONSUMER_GROUP_SUFFIX", "-drain-" + UUID.randomUUID());
            env.put("SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest");

            // 1. start once so the consumer groups exist at the end of the topics, then stop
            try (WorkerProcess first = new WorkerProcess("drain-setup", env)) {
                first.start();
                endpoint(database, subscriber.baseUrl() + "/hooks", "order.created");
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> {
                                    EventProducer.send(TestEvent.of("order.created"));
                                    return smtp.getReceivedMessages().length > 0;
                                });
                Thread.sleep(2000);
            }
            long before = count(database, "select count(*) from effect_log");

            // 2. the backlog, published while no worker runs
            for (int i = 0; i < ORDERS; i++) {
                EventProducer.send(TestEvent.of("order.created"));
            }
            long expected = before + 4L * ORDERS;

            // 3. start and drain
            List<String> jvm =
                    Boolean.getBoolean("drain.jfr")
                            ? List.of(
                                    "-XX:StartFlightRecording=filename=target/drain.jfr,settings=profile")
                            : List.of();
            try (WorkerProcess worker = new WorkerProcess("drain", env, jvm)) {
                long startNanos = System.nanoTime();
                worker.start();
                Duration cpuAtHealthy = worker.cpuTime();
                long healthyNanos = System.nanoTime();
                await().atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () ->
                                        count(database, "select count(*) from effect_log")
                                                >= expected);
                double seconds = (System.nanoTime() - healthyNanos) / 1e9;
                Duration cpu = worker.cpuTime().minus(cpuAtHealthy);
                long effects = 4L * ORDERS;
                System.out.printf(
                        "DRAIN %d effects (%d orders) in %.2f s after healthy (start to healthy %.1f s): %.0f effects/s;"
                                + " worker CPU %.3f s = %.3f ms per effect%n",
                        effects,
                        ORDERS,
                        seconds,
                        (healthyNanos - startNanos) / 1e9,
                        effects / seconds,
                        cpu.toMillis() / 1000.0,
                        cpu.toMillis() / (double) effects);

                // 4. idle CPU
                Duration idleStart = worker.cpuTime();
                Thread.sleep(10_000);
                System.out.printf(
                        "IDLE worker CPU over 10 s: %d ms (%.1f%% of a core)%n",
                        worker.cpuTime().minus(idleStart).toMillis(),
                        worker.cpuTime().minus(idleStart).toMillis() / 100.0);

                // 5. one destination answering in SLOW_MILLIS ms
                subscriber.answerAfter(Duration.ofMillis(SLOW_MILLIS));
                endpoint(database, subscriber.baseUrl() + "/slow", "product.stock_changed");
                long hooksBefore = subscriber.requests().size();
                long slowStart = System.nanoTime();
                for (int i = 0; i < SLOW_EVENTS; i++) {
                    EventProducer.send(TestEvent.of("product.stock_changed"));
                }
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> subscriber.requests("POST", "/slow").size() >= SLOW_EVENTS);
                double slowSeconds = (System.nanoTime() - slowStart) / 1e9;
                System.out.printf(
                        "SLOW destination (%d ms per answer): %d deliveries in %.2f s = %.0f/s (other hooks %d)%n",
                        SLOW_MILLIS,
                        SLOW_EVENTS,
                        slowSeconds,
                        SLOW_EVENTS / slowSeconds,
                        subscriber.requests().size() - hooksBefore - SLOW_EVENTS);
            }
        } finally {
            smtp.stop();
        }
    }

    private static String endpoint(String database, String url, String type) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database, PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement insert =
                        c.prepareStatement(
                                "insert into webhook_endpoints (url, secret, event_types) values (?, ?, ?) returning id")) {
            insert.setString(1, url);
            insert.setString(
                    2,
                    "whsec_"
                            + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().getBytes()));
            insert.setArray(3, c.createArrayOf("text", new String[] {type}));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database, PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement query = c.prepareStatement(sql);
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
