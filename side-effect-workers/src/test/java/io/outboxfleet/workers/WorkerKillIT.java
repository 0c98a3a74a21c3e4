package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
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
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real worker process (the packaged jar) SIGKILLed in the middle of deliveries, then started
 * again: every effect is done within seconds of the restart, and the only repeated calls are those
 * the destination received in the last moments before the kill (in flight, or answered but not yet
 * recorded), with the same idempotency key (seen at the real SMTP server and HTTP servers). The
 * child has its own database, consumer groups and sinks, so the workers of the other tests in this
 * JVM do not take part.
 */
class WorkerKillIT {

    private static final int ORDERS = 400;
    private static final int MAIL_CONNECTIONS = 4;
    private static final int PER_DESTINATION = 32;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    /**
     * How long before the kill a repeated call may have first reached its destination: the calls in
     * flight (webhooks answer after 50 ms here) and those answered while the outcome write was
     * under way (docs/guarantees.md). A process that held outcomes back, or redid calls finished
     * long before, fails this.
     */
    private static final Duration REPEAT_WINDOW = Duration.ofSeconds(2);

    private final GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
    private final ScriptedHttpServer crm = new ScriptedHttpServer();
    private final ScriptedHttpServer subscriber = new ScriptedHttpServer();
    private final List<WorkerProcess> workers = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        workers.forEach(WorkerProcess::close);
        smtp.stop();
        crm.close();
        subscriber.close();
    }

    @Test
    void aWorkerKilledMidDeliveriesHasEveryEffectDoneWithinSecondsOfItsRestart() throws Exception {
        smtp.start();
        crm.answerAfter(Duration.ofMillis(50));
        subscriber.answerAfter(Duration.ofMillis(50));
        String database = WorkerProcess.freshDatabase("workers_kill");
        Map<String, String> env = new HashMap<>();
        env.put("FLEET_DB_URL", database);
        env.put("FLEET_DB_USER", PostgresServer.USER);
        env.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
        env.put("FLEET_KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
        env.put("FLEET_SMTP_HOST", "127.0.0.1");
        env.put("FLEET_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("FLEET_CRM_BASE_URL", crm.baseUrl());
        env.put("FLEET_CRM_TOKEN", "kill-drill-token");
        env.put("FLEET_JWT_SECRET", WorkersScenario.JWT_SECRET);
        env.put("FLEET_SECRETS_KEY", WorkersScenario.SECRETS_KEY);
        env.put("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        env.put("FLEET_MAIL_CONNECTIONS", Integer.toString(MAIL_CONNECTIONS));
        env.put("FLEET_DELIVERY_PER_DESTINATION", Integer.toString(PER_DESTINATION));
        env.put("FLEET_TOPICS_CONSUMER_GROUP_SUFFIX", "-kill-" + UUID.randomUUID());
        // only what is produced once the child listens: not the other tests' history
        env.put("SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest");

        WorkerProcess first = start("kill-first", env);
        registerEndpoint(database, subscriber.baseUrl() + "/hooks");
        TestEvent marker = TestEvent.of("order.created");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            EventProducer.send(TestEvent.of("order.created").withKey(marker.key()));
                            return smtp.getReceivedMessages().length > 0;
                        });
        await().atMost(Duration.ofSeconds(30)).until(() -> quiet());
        smtp.purgeEmailFromAllMailboxes();
        crm.reset();
        crm.answerAfter(Duration.ofMillis(50));
        subscriber.reset();
        subscriber.answerAfter(Duration.ofMillis(50));

        List<TestEvent> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(TestEvent.of("order.created"));
        }
        MailArrivals mailArrivals = new MailArrivals(smtp);
        orders.forEach(EventProducer::send);
        // the webhooks take 50 ms each: kill once a fifth of them arrived, the rest in flight or
        // queued
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> subscriber.requests().size() >= ORDERS / 5);
        first.kill();
        Instant killedAt = Instant.now();
        int emailsAtKill = smtp.getReceivedMessages().length;
        assertThat(allDone(orders)).as("killed mid-deliveries").isFalse();

        start("kill-second", env);
        Instant restarted = Instant.now();
        await().atMost(RECOVERY_BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> allDone(orders));
        Duration recovery = Duration.between(restarted, Instant.now());

        mailArrivals.stop();

        List<MimeMessage> emails = Arrays.asList(smtp.getReceivedMessages());
        List<Instant> emailTimes = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            emailTimes.add(mailArrivals.arrivalOf(i));
        }
        Repeats emailRepeats = Repeats.of(emails, emailTimes, WorkerKillIT::messageId, killedAt);
        Repeats crmRepeats =
                Repeats.of(
                        crm.arrivals(),
                        crm.arrivals().stream().map(ScriptedHttpServer.Arrival::at).toList(),
                        a -> a.request().path() + " " + a.request().header("idempotency-key"),
                        killedAt);
        Repeats webhookRepeats =
                Repeats.of(
                        subscriber.arrivals(),
                        subscriber.arrivals().stream().map(ScriptedHttpServer.Arrival::at).toList(),
                        a -> a.request().header("webhook-id"),
                        killedAt);
        System.out.printf(
                "kill drill: %d orders, killed after %d emails; every effect done %d ms after the restarted worker was healthy;"
                        + " repeated calls (same key): %d emails, %d CRM, %d webhooks;"
                        + " the earliest repeated one first arrived %d ms before the kill%n",
                ORDERS,
                emailsAtKill,
                recovery.toMillis(),
                emailRepeats.count(),
                crmRepeats.count(),
                webhookRepeats.count(),
                Stream.of(emailRepeats, crmRepeats, webhookRepeats)
                        .mapToLong(r -> r.widest().toMillis())
                        .max()
                        .orElse(0));
        assertThat(emails.stream().map(WorkerKillIT::messageId).distinct()).hasSize(ORDERS);
        assertThat(emailRepeats.widest()).as("emails repeated").isLessThanOrEqualTo(REPEAT_WINDOW);
        assertThat(crmRepeats.widest()).as("CRM calls repeated").isLessThanOrEqualTo(REPEAT_WINDOW);
        assertThat(webhookRepeats.widest())
                .as("webhooks repeated")
                .isLessThanOrEqualTo(REPEAT_WINDOW);
    }

    /**
     * The calls a destination received more than once with the same key, and how long before the
     * kill the earliest of them first arrived.
     */
    private record Repeats(long count, Duration widest) {

        static <T> Repeats of(
                List<T> calls, List<Instant> arrivedAt, Function<T, String> key, Instant kill) {
            Map<String, Integer> first = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            for (int i = 0; i < calls.size(); i++) {
                String k = key.apply(calls.get(i));
                first.putIfAbsent(k, i);
                counts.merge(k, 1L, Long::sum);
            }
            long count = 0;
            Duration widest = Duration.ZERO;
            for (Map.Entry<String, Long> entry : counts.entrySet()) {
                if (entry.getValue() > 1) {
                    count += entry.getValue() - 1;
                    Duration before =
                            Duration.between(arrivedAt.get(first.get(entry.getKey())), kill);
                    widest = before.compareTo(widest) > 0 ? before : widest;
                }
            }
            return new Repeats(count, widest);
        }
    }

    /**
     * When each email reached the SMTP server: GreenMail keeps no arrival time, so a thread samples
     * the count every 2 ms; the n-th email arrived by the first sample that counts more than n.
     */
    private static final class MailArrivals {

        private record Sample(Instant at, int count) {}

        private final List<Sample> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread sampler;
        private volatile boolean running = true;

        MailArrivals(GreenMail smtp) {
            sampler =
                    new Thread(
                            () -> {
                                while (running) {
                                    samples.add(
                                            new Sample(
                                                    Instant.now(),
                                                    smtp.getReceivedMessages().length));
                                    try {
                                        Thread.sleep(2);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "mail-arrivals");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join(1000);
        }

        Instant arrivalOf(int index) {
            return samples.stream()
                    .filter(s -> s.count() > index)
                    .map(Sample::at)
                    .findFirst()
                    .orElseThrow();
        }
    }

    private WorkerProcess start(String name, Map<String, String> env) {
        WorkerProcess worker = new WorkerProcess(name, env);
        workers.add(worker);
        worker.start();
        return worker;
    }

    /** Nothing arrived at the sinks for half a second. */
    private boolean quiet() throws InterruptedException {
        int before =
                smtp.getReceivedMessages().length
                        + crm.requests().size()
                        + subscriber.requests().size();
        Thread.sleep(500);
        return before
                == smtp.getReceivedMessages().length
                        + crm.requests().size()
                        + subscriber.requests().size();
    }

    private boolean allDone(List<TestEvent> orders) {
        Set<String> emailed =
                Arrays.stream(smtp.getReceivedMessages())
                        .map(WorkerKillIT::messageId)
                        .collect(Collectors.toSet());
        Set<String> crmCalls =
                crm.requests().stream().map(r -> r.path()).collect(Collectors.toSet());
        Set<String> hooked =
                subscriber.requests().stream()
                        .map(r -> r.header("webhook-id"))
                        .collect(Collectors.toSet());
        return orders.stream()
                .allMatch(
                        o ->
                                emailed.contains("<" + o.id() + "@outbox-fleet>")
                                        && crmCalls.contains("/deals/" + o.text("orderId"))
                                        && crmCalls.contains("/contacts/" + o.text("customerId"))
                                        && hooked.contains(o.id().toString()));
    }

    private static void registerEndpoint(String database, String url) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                database, PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement insert =
                        c.prepareStatement(
                                "insert into webhook_endpoints (url, secret) values (?, ?)")) {
            insert.setString(1, url);
            insert.setString(
                    2,
                    "whsec_"
                            + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().getBytes()));
            insert.executeUpdate();
        }
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
