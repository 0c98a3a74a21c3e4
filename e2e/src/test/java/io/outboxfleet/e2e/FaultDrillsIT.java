package io.outboxfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault drills on the real processes ({@code ./fleet}'s jars), with real faults under load: a
 * SIGKILL of a worker or of the active relay, Kafka stopped, Postgres restarted, the SMTP server
 * down, the CRM refusing, a webhook endpoint that never answers. After each, every committed order
 * has exactly one email (only a killed worker may repeat the emails it had in flight, with the same
 * Message-ID), one deal upsert, a validly signed webhook on each subscription, nothing left in the
 * queue and no dead letter.
 *
 * <p>The short version (12 s of 10 orders/s per drill) runs in {@code ./mvnw verify}. The long
 * version (minutes of load per drill) writes its table to docs/reliability.md:
 *
 * <pre>
 * ./mvnw -pl e2e -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FaultDrillsIT -Ddrill.loadSeconds=120 -Ddrill.rate=20 -Ddrill.report=docs/reliability.md
 * </pre>
 */
class FaultDrillsIT {

    private static final int RATE = Integer.getInteger("drill.rate", 10);
    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("drill.loadSeconds", 12));
    private static final Duration FAULT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final List<DrillLedger.Outcome> OUTCOMES = new ArrayList<>();

    private static Fleet fleet;
    private static Api api;
    private static DrillLedger ledger;
    private static String productId;
    private static DrillLedger.Subscription subscription;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.get();
        api = new Api(fleet.commandService.baseUrl());
        ledger = new DrillLedger(fleet);
        String admin = DevTokens.token("drill-admin", "admin");
        Api.Response product =
                api.post(
                        "/api/products",
                        admin,
                        """
                {"sku": "DRILL-%s", "name": "Drill", "priceCents": 100, "currency": "EUR", "stock": 1000000}
                """
                                .formatted(UUID.randomUUID()));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        productId = product.read("$.id");
        subscription = subscribe(fleet.subscriber, "/hooks/drills");
    }

    @AfterAll
    static void report() throws IOException {
        String table =
                DrillLedger.Outcome.header()
                        + "\n"
                        + String.join("\n", OUTCOMES.stream().map(o -> o.row()).toList())
                        + "\n";
        System.out.println("Fault drills (" + RATE + " orders/s for " + LOAD + "):\n" + table);
        String report = System.getProperty("drill.report");
        if (report != null && !report.isBlank()) {
            Path file = Path.of(System.getProperty("fleet.root", "..")).resolve(report);
            Files.writeString(
                    file,
                    ReliabilityReport.render(RATE, LOAD, FAULT, table),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aWorkerKilledMidDeliveryRepeatsOnlyWhatItHadInFlight() {
        Drill drill = new Drill("worker SIGKILL mid-delivery");
        try (OrderLoad load = drill.load()) {
            OrderLoad.during(LOAD.dividedBy(3));
            fleet.workers.kill();
            fleet.workers.start();
            drill.faultOver();
            OrderLoad.during(LOAD.dividedBy(3));
        }
        DrillLedger.Outcome outcome = drill.settle();
        assertNothingLostOrStuck(outcome);
        assertThat(outcome.emailDuplicates())
                .as("emails repeated after the kill (in flight at the kill only)")
                .isLessThanOrEqualTo(RATE * 2);
        assertThat(outcome.dealDuplicates()).isLessThanOrEqualTo(RATE * 2);
    }

    @Test
    void theActiveRelayKilledWhileStreamingIsReplacedByTheStandby() {
        ServiceProcess standby = fleet.startStandbyRelay();
        Drill drill = new Drill("active relay SIGKILL, standby takes over");
        try {
            try (OrderLoad load = drill.load()) {
                OrderLoad.during(LOAD.dividedBy(3));
                fleet.relay.kill();
                drill.faultOver();
                OrderLoad.during(LOAD.dividedBy(2));
            }
            assertExactlyOnce(drill.settle());
        } finally {
            // hand the slot back: the fleet's own relay stands by, then takes over
            fleet.relay.start();
            standby.stop();
        }
    }

    @Test
    void kafkaStoppedForTenSecondsLosesNothing() {
        Drill drill = new Drill("Kafka stopped 10 s");
        try (OrderLoad load = drill.load()) {
            OrderLoad.during(Duration.ofSeconds(2));
            fleet.kafka.stop();
            OrderLoad.during(FAULT);
            fleet.kafka.startAgain();
            drill.faultOver();
            OrderLoad.during(Duration.ofSeconds(2));
        }
        assertExactlyOnce(drill.settle());
    }

    @Test
    void postgresRestartedWhileTheRelayStreamsAndWorkersDeliverLosesNothing() {
        Drill drill = new Drill("Postgres restarted (fast)");
        try (OrderLoad load = drill.load()) {
            OrderLoad.during(LOAD.dividedBy(3));
            fleet.postgres.restartFast();
            drill.faultOver();
            OrderLoad.during(LOAD.dividedBy(3));
        }
        assertExactlyOnce(drill.settle());
    }

    @Test
    void theSmtpServerDownForTenSecondsDelaysEmailsButLosesNone() {
        Drill drill = new Drill("SMTP server down 10 s");
        try (OrderLoad load = drill.load()) {
            OrderLoad.during(Duration.ofSeconds(2));
            fleet.stopSmtp();
            OrderLoad.during(FAULT);
            fleet.startSmtp();
            drill.faultOver();
        }
        assertExactlyOnce(drill.settle());
    }

    @Test
    void theCrmAnswering503Then429WithRetryAfterIsRetriedNoEarlierThanAsked() {
        Drill drill = new Drill("CRM 503 for 10 s, then 429 Retry-After: 2");
        Instant retryAfterFrom;
        try (OrderLoad load = drill.load()) {
            OrderLoad.during(Duration.ofSeconds(2));
            fleet.crm.respondAlways(503);
            OrderLoad.during(FAULT);
            retryAfterFrom = Instant.now();
            fleet.crm.respondAlways(429, Map.of("Retry-After", "2"));
            OrderLoad.during(Duration.ofSeconds(4));
        } finally {
            fleet.crm.respondAlways(200);
        }
        drill.faultOver();
        assertExactlyOnce(drill.settle());
        // after a 429 asking for 2 s, the same deal is not asked again sooner
        for (String order : ledger.committedOrders(drill.customerPrefix)) {
            List<io.outboxfleet.testsupport.RecordingHttpServer.Request> puts =
                    fleet.crm.requests("PUT", "/deals/" + order);
            for (int i = 1; i < puts.size(); i++) {
                if (puts.get(i - 1).answeredStatus() == 429
                        && puts.get(i - 1).receivedAt().isAfter(retryAfterFrom)) {
                    assertThat(
                                    Duration.between(
                                            puts.get(i - 1).receivedAt(), puts.get(i).receivedAt()))
                            .as("retry of deal %s after a 429 with Retry-After: 2", order)
                            .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
                }
            }
        }
    }

    /**
     * A webhook endpoint that never answers holds up nothing else: the healthy subscriber, the CRM
     * and SMTP get everything meanwhile. Once it answers again, each of its events arrives, validly
     * signed, or, if its calls failed 50 times in a row meanwhile (each waits 15 s), the endpoint
     * was disabled and the rest are dead letters saying so: the documented auto-disable.
     */
    @Test
    void aWebhookEndpointThatNeverAnswersDoesNotHoldUpTheOthers() {
        String admin = DevTokens.token("drill-admin", "admin");
        try (io.outboxfleet.testsupport.RecordingHttpServer hung =
                new io.outboxfleet.testsupport.RecordingHttpServer()) {
            DrillLedger.Subscription stuck = subscribe(hung, "/hooks/hung");
            try {
                hung.hang(true);
                Drill drill = new Drill("webhook endpoint never answers");
                try (OrderLoad load = drill.load()) {
                    OrderLoad.during(LOAD.dividedBy(2));
                }
                assertExactlyOnce(drill.settle());
                hung.hang(false);
                List<String> orders = ledger.committedOrders(drill.customerPrefix);
                String disabled = "%is disabled%";
                await("every event for the hung endpoint arrived or is a dead letter")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(
                                () ->
                                        ledger.queued(drill.customerPrefix, List.of(stuck)) == 0
                                                && ledger.delivered(stuck, orders)
                                                                + ledger.deadLetters(
                                                                        drill.customerPrefix,
                                                                        stuck,
                                                                        disabled)
                                                        >= orders.size());
                long deadLetters = ledger.deadLetters(drill.customerPrefix, List.of(stuck));
                assertThat(ledger.deadLetters(drill.customerPrefix, stuck, disabled))
                        .as("the hung endpoint's dead letters all say it was disabled")
                        .isEqualTo(deadLetters);
                assertThat(ledger.invalidSignatures(stuck, orders)).isZero();
                if (deadLetters > 0) {
                    Api.Response endpoint =
                            api.get("/api/webhook-endpoints/" + stuck.endpointId(), admin);
                    assertThat(endpoint.read("$.enabled")).as(endpoint.body()).isEqualTo("false");
                }
                System.out.printf(
                        "drill: hung endpoint after it answers again: %d of %d delivered, %d dead letters (endpoint disabled)%n",
                        ledger.delivered(stuck, orders), orders.size(), deadLetters);
            } finally {
                api.delete("/api/webhook-endpoints/" + stuck.endpointId(), admin);
            }
        }
    }

    private static DrillLedger.Subscription subscribe(
            io.outboxfleet.testsupport.RecordingHttpServer server, String path) {
        Api.Response endpoint =
                api.post(
                        "/api/webhook-endpoints",
                        DevTokens.token("drill-admin", "admin"),
                        """
                {"url": "%s%s", "eventTypes": ["order.created"], "description": "drill subscriber"}
                """
                                .formatted(server.baseUrl(), path));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        return new DrillLedger.Subscription(
                server, path, endpoint.read("$.secret"), endpoint.read("$.id"));
    }

    private static void assertExactlyOnce(DrillLedger.Outcome outcome) {
        assertNothingLostOrStuck(outcome);
        assertThat(outcome.emailDuplicates()).as("emails repeated").isZero();
        assertThat(outcome.dealDuplicates()).as("deal upserts repeated").isZero();
    }

    private static void assertNothingLostOrStuck(DrillLedger.Outcome outcome) {
        assertThat(outcome.ordersCommitted()).as("orders committed").isPositive();
        assertThat(outcome.invalidSignatures()).as("webhooks with a bad signature").isZero();
        assertThat(outcome.deadLetters()).as("dead letters").isZero();
        assertThat(outcome.queued()).as("deliveries left in the queue").isZero();
        assertThat(outcome.ordersWithDifferingMessageIds())
                .as("orders whose repeated emails carry different Message-IDs")
                .isZero();
    }

    /** One drill: its customers, its load, and when its fault ended. */
    private static final class Drill {
        final String name;
        final String customerPrefix = "drill-" + UUID.randomUUID() + "-";
        private OrderLoad load;
        private Instant faultOver;

        Drill(String name) {
            this.name = name;
        }

        OrderLoad load() {
            load = new OrderLoad(api, productId, customerPrefix).start(RATE);
            return load;
        }

        void faultOver() {
            faultOver = Instant.now();
        }

        DrillLedger.Outcome settle() {
            int refused =
                    load.answers().entrySet().stream()
                            .filter(e -> e.getKey() != 201)
                            .mapToInt(Map.Entry::getValue)
                            .sum();
            DrillLedger.Outcome outcome =
                    ledger.settle(
                            name,
                            customerPrefix,
                            refused,
                            List.of(subscription),
                            faultOver == null ? Instant.now() : faultOver,
                            SETTLE);
            OUTCOMES.add(outcome);
            System.out.println(
                    "drill: " + outcome.row() + " answers " + load.answers() + " " + outcome);
            return outcome;
        }
    }
}
