package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.security.webhook.AddressDenyList;
import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.Sinks;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkerProcess;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * An endpoint row that points at an internal address (written straight into {@code
 * webhook_endpoints}, so registration's check never saw it) is refused at delivery: a dead letter
 * naming the address, after one attempt, and nothing sent (docs/security.md, "Webhook targets").
 * The scenario context allows private targets, so this runs the packaged worker as a child process
 * with {@code FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=false}, its own database and consumer groups.
 * The loopback endpoints point at a real listening server: without the check they would reach it.
 */
class DeniedTargetsAtDeliveryIT {

    private final RecordingHttpServer internal = new RecordingHttpServer();
    private WorkerProcess worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        internal.close();
    }

    @Test
    void endpointsOnDeniedAddressesAreDeadLetteredWithTheReasonAndNeverCalled() throws Exception {
        String port = internal.baseUrl().substring(internal.baseUrl().lastIndexOf(':') + 1);
        // a name, not a literal, that this host resolves to a denied address (loopback here)
        String hostName = InetAddress.getLocalHost().getHostName();
        assertThat(AddressDenyList.denies(InetAddress.getByName(hostName)))
                .as("this host's name %s resolves to a denied address", hostName)
                .isTrue();
        Map<String, String> expectedReasons = new LinkedHashMap<>();
        expectedReasons.put("http://172.16.0.1/hooks", "resolves to the denied address 172.16.0.1");
        expectedReasons.put("http://100.64.0.1/hooks", "resolves to the denied address 100.64.0.1");
        expectedReasons.put(
                "http://[fc00::1]/hooks", "resolves to the denied address fc00:0:0:0:0:0:0:1");
        expectedReasons.put(
                "http://[fe80::1]/hooks", "resolves to the denied address fe80:0:0:0:0:0:0:1");
        expectedReasons.put("http://224.0.0.1/hooks", "resolves to the denied address 224.0.0.1");
        expectedReasons.put(
                "http://127.0.0.1:" + port + "/hooks", "resolves to the denied address 127.0.0.1");
        expectedReasons.put(
                "http://localhost:" + port + "/hooks", "host localhost is a local name");
        expectedReasons.put(
                "http://" + hostName + ":" + port + "/hooks",
                "host " + hostName + " resolves to the denied address");

        String database = WorkerProcess.freshDatabase("workers_denied_targets");
        worker = new WorkerProcess("denied-targets", env(database));
        worker.start();
        JdbcClient db = JdbcClient.create(dataSource(database));
        Map<UUID, String> urlOf = new HashMap<>();
        expectedReasons.keySet().forEach(url -> urlOf.put(register(db, url), url));

        // the child reads from the end of the topics: send until it has taken one in
        List<TestEvent> sent = new ArrayList<>();
        await("the child worker takes events in")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            TestEvent event = TestEvent.of("product.stock_changed");
                            sent.add(event);
                            EventProducer.send(event);
                            return anyDeadLetter(db);
                        });
        TestEvent event =
                await("an event whose every delivery was refused")
                        .atMost(Duration.ofSeconds(30))
                        .until(
                                () ->
                                        sent.stream()
                                                .filter(
                                                        e ->
                                                                deadLetters(db, e.id())
                                                                        == urlOf.size())
                                                .findFirst(),
                                java.util.Optional::isPresent)
                        .orElseThrow();

        List<DeadLetter> letters =
                db.sql(
                                """
                        select target, reason, attempts from dead_letters
                        where event_id = :id and effect = 'webhook'""")
                        .param("id", event.id())
                        .query(DeadLetter.class)
                        .list();
        assertThat(letters).hasSize(urlOf.size());
        for (DeadLetter letter : letters) {
            String url = urlOf.get(UUID.fromString(letter.target()));
            assertThat(letter.reason())
                    .as(url)
                    .startsWith("permanent failure: endpoint host")
                    .contains(expectedReasons.get(url));
            assertThat(letter.attempts()).as(url).isEqualTo(1);
        }
        assertThat(internal.requests()).as("requests that reached the internal server").isEmpty();
    }

    private record DeadLetter(String target, String reason, int attempts) {}

    private static boolean anyDeadLetter(JdbcClient db) {
        return db.sql("select exists (select 1 from dead_letters where effect = 'webhook')")
                .query(Boolean.class)
                .single();
    }

    private static long deadLetters(JdbcClient db, UUID eventId) {
        return db.sql(
                        "select count(*) from dead_letters where effect = 'webhook' and event_id = :id")
                .param("id", eventId)
                .query(Long.class)
                .single();
    }

    private static UUID register(JdbcClient db, String url) {
        return db.sql(
                        """
                        insert into webhook_endpoints (url, event_types, secret)
                        values (:url, :types, :secret) returning id""")
                .param("url", url)
                .param("types", new String[] {"product.stock_changed"})
                .param(
                        "secret",
                        "whsec_"
                                + Base64.getEncoder()
                                        .encodeToString(UUID.randomUUID().toString().getBytes()))
                .query(UUID.class)
                .single();
    }

    private static SimpleDriverDataSource dataSource(String url) {
        return new SimpleDriverDataSource(
                new Driver(), url, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static Map<String, String> env(String database) {
        Map<String, String> env = new HashMap<>();
        env.put("FLEET_DB_URL", database);
        env.put("FLEET_DB_USER", PostgresServer.USER);
        env.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
        env.put("FLEET_KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
        env.put("FLEET_SMTP_HOST", "127.0.0.1");
        env.put("FLEET_SMTP_PORT", Integer.toString(Sinks.smtpPort()));
        env.put("FLEET_CRM_BASE_URL", Sinks.CRM.baseUrl());
        env.put("FLEET_CRM_TOKEN", "denied-targets-token");
        env.put("FLEET_JWT_SECRET", WorkersScenario.JWT_SECRET);
        env.put("FLEET_SECRETS_KEY", WorkersScenario.SECRETS_KEY);
        env.put("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false");
        env.put("FLEET_TOPICS_CONSUMER_GROUP_SUFFIX", "-denied-" + UUID.randomUUID());
        // only what is produced once the child listens: not the other tests' history
        env.put("SPRING_KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest");
        return env;
    }
}
