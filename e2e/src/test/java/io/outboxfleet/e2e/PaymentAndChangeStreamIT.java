package io.outboxfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database as event source both ways: a signed payment webhook turns an order PAID, the receipt
 * and the deal update follow through the outbox, and a customer's change stream shows its own
 * order's INSERT and UPDATE as they commit (WAL -> relay -> Kafka -> command-service -> SSE).
 */
class PaymentAndChangeStreamIT {

    private static Fleet fleet;
    private static Api api;
    private static String admin;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.get();
        api = new Api(fleet.commandService.baseUrl());
        admin = DevTokens.token("root-admin", "admin");
    }

    @Test
    void aPaidOrderShowsOnTheOwnersStreamAndSendsAReceiptWhileOthersSeeNothing() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        String dave = "dave-" + UUID.randomUUID();
        try (ChangeStreamClient carolsStream =
                        new ChangeStreamClient(
                                fleet.commandService.baseUrl(),
                                DevTokens.token(carol, "customer"),
                                "table=orders");
                ChangeStreamClient davesStream =
                        new ChangeStreamClient(
                                fleet.commandService.baseUrl(),
                                DevTokens.token(dave, "customer"),
                                "table=orders")) {
            await("both streams open")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> carolsStream.connected() && davesStream.connected());
            String orderId = placeOrder(carol);

            await("INSERT of the new order on its owner's stream")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> changesOf(carolsStream, orderId, "INSERT").size() == 1);

            HttpResponse<String> paid = pay(orderId, 2500, "eur");
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
            assertThat(
                            JsonPath.<String>read(
                                    api.get("/api/orders/" + orderId, admin).body(), "$.status"))
                    .isEqualTo("PAID");

            await("UPDATE to PAID on the stream")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> changesOf(carolsStream, orderId, "UPDATE").size() == 1);
            String update = changesOf(carolsStream, orderId, "UPDATE").get(0).data();
            assertThat(JsonPath.<String>read(update, "$.old.status")).isEqualTo("PENDING_PAYMENT");
            assertThat(JsonPath.<String>read(update, "$.new.status")).isEqualTo("PAID");

            await("receipt email and the PAID deal")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    emailsAbout(orderId) == 2
                                            && fleet
                                                    .crm
                                                    .requests("PUT", "/deals/" + orderId)
                                                    .stream()
                                                    .anyMatch(r -> r.body().contains("\"PAID\"")));
            assertThat(
                            davesStream.events().stream()
                                    .filter(e -> e.data() != null && e.data().contains(orderId)))
                    .as("another customer's stream")
                    .isEmpty();
        }
    }

    private static List<ChangeStreamClient.Event> changesOf(
            ChangeStreamClient stream, String orderId, String op) {
        return stream.events().stream()
                .filter(e -> op.equals(e.type()) && e.data() != null && e.data().contains(orderId))
                .toList();
    }

    private static String placeOrder(String customer) {
        Api.Response product =
                api.post(
                        "/api/products",
                        admin,
                        """
                {"sku": "SKU-%s", "name": "Kettle", "priceCents": 2500, "currency": "EUR", "stock": 3}
                """
                                .formatted(UUID.randomUUID()));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        Api.Response order =
                api.post(
                        "/api/orders",
                        DevTokens.token(customer, "customer"),
                        """
                {"customerEmail": "%s@example.com", "items": [{"productId": "%s", "quantity": 1}]}
                """
                                .formatted(customer, product.read("$.id")));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        return order.read("$.id");
    }

    /**
     * A payment_intent.succeeded signed the payment provider's way (docs/contract.md section 8).
     */
    private static HttpResponse<String> pay(String orderId, long amount, String currency)
            throws Exception {
        String body =
                """
                {"id": "evt_%s", "type": "payment_intent.succeeded", "data": {"object": {
                  "id": "pi_%s", "amount": %d, "currency": "%s", "metadata": {"order_id": "%s"}}}}
                """
                        .formatted(
                                UUID.randomUUID().toString().replace("-", ""),
                                UUID.randomUUID().toString().replace("-", ""),
                                amount,
                                currency,
                                orderId);
        long timestamp = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
                new SecretKeySpec(
                        Fleet.PAYMENTS_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature =
                HexFormat.of()
                        .formatHex(
                                mac.doFinal(
                                        (timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(fleet.commandService.baseUrl() + "/webhooks/payments"))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", "t=" + timestamp + ",v1=" + signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long emailsAbout(String orderId) {
        return fleet.emails().stream()
                .filter(
                        m -> {
                            try {
                                return m.getSubject().contains(orderId);
                            } catch (Exception e) {
                                return false;
                            }
                        })
                .count();
    }
}
