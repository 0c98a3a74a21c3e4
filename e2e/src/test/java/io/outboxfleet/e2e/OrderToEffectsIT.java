package io.outboxfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.outboxfleet.testsupport.RecordingHttpServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton as a user sees it: an order placed over HTTP becomes, through the WAL and
 * Kafka, one email, two CRM calls and one signed webhook; faults and redeliveries repeat nothing.
 */
class OrderToEffectsIT {

    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);

    private static Fleet fleet;
    private static Api api;
    private static String admin;
    private static String webhookSecret;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.get();
        api = new Api(fleet.commandService.baseUrl());
        admin = DevTokens.token("root-admin", "admin");
        Api.Response endpoint =
                api.post(
                        "/api/webhook-endpoints",
                        admin,
                        """
                {"url": "%s/hooks/e2e", "eventTypes": ["order.created"], "description": "e2e subscriber"}
                """
                                .formatted(fleet.subscriber.baseUrl()));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        webhookSecret = endpoint.read("$.secret");
    }

    @Test
    void anOrderBecomesOneEmailTwoCrmCallsAndOneVerifiedWebhookAndARedeliveryRepeatsNothing() {
        String productId = createProduct(5);
        String customer = "alice-" + UUID.randomUUID();
        String orderId = placeOrder(customer, productId, 2);

        MimeMessage email = awaitEmailAbout(orderId);
        assertThat(recipients(email)).containsExactly(customer + "@example.com");
        List<RecordingHttpServer.Request> deals = awaitCrm("/deals/" + orderId);
        assertThat(deals.get(0).header("Idempotency-Key")).isNotBlank();
        assertThat(deals.get(0).header("Authorization")).isEqualTo("Bearer " + Fleet.CRM_TOKEN);
        assertThat(awaitCrm("/contacts/" + customer)).hasSize(1);
        RecordingHttpServer.Request webhook = awaitWebhookAbout(orderId);
        assertThat(
                        StandardWebhooks.verifies(
                                webhookSecret,
                                webhook.header("webhook-id"),
                                webhook.header("webhook-timestamp"),
                                webhook.body(),
                                webhook.header("webhook-signature")))
                .as("webhook signature verifies with the endpoint's secret")
                .isTrue();
        assertThat(
                        JsonPath.<Integer>read(
                                api.get("/api/products/" + productId, admin).body(), "$.stock"))
                .isEqualTo(3);

        KafkaTap kafka = new KafkaTap(fleet.kafka);
        ConsumerRecord<byte[], byte[]> created =
                kafka.find("fleet.order.events", orderId, "order.created");
        assertThat(KafkaTap.header(created, "ce_id")).contains(webhook.header("webhook-id"));
        // the relay stamps the outbox row's WAL position; the workers keep it with the Kafka
        // record they read, for the console's lineage
        String walPosition = KafkaTap.header(created, "ce_pglsn").orElseThrow();
        assertThat(walPosition).matches("[0-9A-F]+/[0-9A-F]+");
        // recorded with the email's outcome, a moment after the SMTP server accepted it
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recordedPosition(webhook.header("webhook-id")) != null);
        assertThat(recordedPosition(webhook.header("webhook-id")))
                .isEqualTo(
                        "fleet.order.events/"
                                + created.partition()
                                + "/"
                                + created.offset()
                                + " "
                                + walPosition);
        kafka.redeliver(created);
        kafka.awaitConsumed(
                "fleet.order.events", Set.of("fleet-email", "fleet-crm", "fleet-webhook"));

        assertThat(emailsAbout(orderId)).hasSize(1);
        assertThat(fleet.crm.requests("PUT", "/deals/" + orderId)).hasSize(1);
        assertThat(fleet.crm.requests("PUT", "/contacts/" + customer)).hasSize(1);
        assertThat(webhooksAbout(orderId)).hasSize(1);
    }

    /** Where the email effect of this event says it was read from: "topic/partition/offset lsn". */
    private static String recordedPosition(String eventId) {
        try (java.sql.Connection c = fleet.postgres.superuserConnection();
                java.sql.PreparedStatement query =
                        c.prepareStatement(
                                "select kafka_topic || '/' || kafka_partition || '/' || kafka_offset"
                                        + " || ' ' || wal_position from effect_log"
                                        + " where event_id = ?::uuid and effect = 'email'")) {
            query.setString(1, eventId);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ordersPlacedWhileTheRelayIsDeadAreDeliveredOnceAfterItRestarts() {
        String productId = createProduct(10);
        String customer = "bob-" + UUID.randomUUID();

        fleet.relay.kill();
        String first = placeOrder(customer, productId, 1);
        String second = placeOrder(customer, productId, 1);
        fleet.relay.start();

        for (String orderId : List.of(first, second)) {
            awaitEmailAbout(orderId);
            awaitCrm("/deals/" + orderId);
            awaitWebhookAbout(orderId);
        }
        new KafkaTap(fleet.kafka)
                .awaitConsumed(
                        "fleet.order.events", Set.of("fleet-email", "fleet-crm", "fleet-webhook"));
        for (String orderId : List.of(first, second)) {
            assertThat(emailsAbout(orderId)).as("emails about " + orderId).hasSize(1);
            assertThat(fleet.crm.requests("PUT", "/deals/" + orderId)).hasSize(1);
            assertThat(webhooksAbout(orderId)).hasSize(1);
        }
    }

    private static String createProduct(int stock) {
        String sku = "SKU-" + UUID.randomUUID();
        Api.Response product =
                api.post(
                        "/api/products",
                        admin,
                        """
                {"sku": "%s", "name": "Teapot", "priceCents": 1250, "currency": "EUR", "stock": %d}
                """
                                .formatted(sku, stock));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        return product.read("$.id");
    }

    private static String placeOrder(String customer, String productId, int quantity) {
        Api.Response order =
                api.post(
                        "/api/orders",
                        DevTokens.token(customer, "customer"),
                        """
                {"customerEmail": "%s@example.com", "items": [{"productId": "%s", "quantity": %d}]}
                """
                                .formatted(customer, productId, quantity));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(order.read("$.status")).isEqualTo("PENDING_PAYMENT");
        return order.read("$.id");
    }

    private static MimeMessage awaitEmailAbout(String orderId) {
        await("email about " + orderId)
                .atMost(EFFECT_TIMEOUT)
                .until(() -> !emailsAbout(orderId).isEmpty());
        return emailsAbout(orderId).get(0);
    }

    private static List<MimeMessage> emailsAbout(String orderId) {
        return fleet.emails().stream().filter(m -> subject(m).contains(orderId)).toList();
    }

    private static List<RecordingHttpServer.Request> awaitCrm(String path) {
        await("CRM PUT " + path)
                .atMost(EFFECT_TIMEOUT)
                .until(() -> !fleet.crm.requests("PUT", path).isEmpty());
        return fleet.crm.requests("PUT", path);
    }

    private static RecordingHttpServer.Request awaitWebhookAbout(String orderId) {
        await("webhook about " + orderId)
                .atMost(EFFECT_TIMEOUT)
                .until(() -> !webhooksAbout(orderId).isEmpty());
        return webhooksAbout(orderId).get(0);
    }

    private static List<RecordingHttpServer.Request> webhooksAbout(String orderId) {
        return fleet.subscriber.requests("POST", "/hooks/e2e").stream()
                .filter(r -> r.body().contains(orderId))
                .toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
