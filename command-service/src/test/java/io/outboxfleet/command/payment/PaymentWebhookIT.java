package io.outboxfleet.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment provider's webhooks over real HTTP, on the real database (docs/contract.md section
 * 8).
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentWebhookIT extends ApiIntegrationTest {

    private static final String SECRET = "whsec_test_payments_secret_of_the_its";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");

    private String orderId;

    @DynamicPropertySource
    static void payments(DynamicPropertyRegistry registry) {
        registry.add("fleet.payments.webhook-secret", () -> SECRET);
    }

    @BeforeEach
    void pendingOrder() {
        Reply product =
                api.post(
                        "/api/products",
                        admin,
                        Map.of(
                                "sku",
                                "MUG-1",
                                "name",
                                "Mug",
                                "priceCents",
                                1250,
                                "currency",
                                "EUR",
                                "stock",
                                5));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        Reply order =
                api.post(
                        "/api/orders",
                        alice,
                        Map.of(
                                "customerEmail",
                                "alice@example.com",
                                "items",
                                List.of(
                                        Map.of(
                                                "productId",
                                                product.json().path("id").asString(),
                                                "quantity",
                                                2))));
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        orderId = order.json().path("id").asString();
    }

    @Test
    void aSignedPaymentMarksTheOrderPaidAndEmitsOneOrderPaidEvent() {
        String body = succeeded("evt_1", orderId, 2500, "eur");

        Reply reply = deliver(body, signature(SECRET, now(), body));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().path("outcome").asString()).isEqualTo("paid");
        assertThat(orderStatus()).isEqualTo("PAID");
        List<String> paid = orderPaidPayloads();
        assertThat(paid).hasSize(1);
        JsonNode payload = JSON.readTree(paid.get(0));
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId);
        assertThat(payload.path("customerId").asString()).isEqualTo("alice");
        assertThat(payload.path("customerEmail").asString()).isEqualTo("alice@example.com");
        assertThat(payload.path("totalCents").asLong()).isEqualTo(2500);
        assertThat(payload.path("currency").asString()).isEqualTo("EUR");
        assertThat(payload.path("paymentId").asString()).isEqualTo("pi_evt_1");
        assertThat(api.get("/api/orders/" + orderId, alice).json().path("status").asString())
                .isEqualTo("PAID");
        assertThat(
                        jdbc.sql(
                                        """
                select actor from audit_logs
                 where table_name = 'orders' and record_id = ? and operation = 'UPDATE'
                   and new_value ->> 'status' = 'PAID'""")
                                .param(orderId)
                                .query(String.class)
                                .list())
                .as("the PAID transition is audited with the provider's event as actor")
                .containsExactly("payments:evt_1");
    }

    @Test
    void theSameEventAgainChangesNothing() {
        String body = succeeded("evt_2", orderId, 2500, "EUR");
        assertThat(deliver(body, signature(SECRET, now(), body)).status()).isEqualTo(200);
        long version = orderVersion();

        Reply again = deliver(body, signature(SECRET, now(), body));

        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("outcome").asString()).isEqualTo("duplicate");
        assertThat(orderVersion()).isEqualTo(version);
        assertThat(orderPaidPayloads()).hasSize(1);
        assertThat(recordedEvents()).isEqualTo(1);
    }

    @Test
    void aWrongSecretIsRefusedAndChangesNothing() {
        String body = succeeded("evt_3", orderId, 2500, "eur");
        assertRefused(deliver(body, signature("whsec_someone_else", now(), body)));
    }

    @Test
    void aStaleTimestampIsRefusedAndChangesNothing() {
        String body = succeeded("evt_4", orderId, 2500, "eur");
        assertRefused(deliver(body, signature(SECRET, now() - 301, body)));
    }

    @ParameterizedTest(name = "t = now + {0} s")
    @ValueSource(longs = {301, 86_400, 315_360_000})
    void aTimestampInTheFutureBeyondTheToleranceIsRefused(long ahead) {
        String body = succeeded("evt_future", orderId, 2500, "eur");
        assertRefused(deliver(body, signature(SECRET, now() + ahead, body)));
    }

    @ParameterizedTest(name = "Stripe-Signature: [{0}]")
    @ValueSource(
            strings = {
                "t=abc,v1=00",
                "t=99999999999999999999,v1=00",
                "t=-5,v1=00",
                "t=,v1=00",
                "t=1,t=2,v1=00",
                "v1=00",
                "garbage",
                "=,=,=",
                ",",
                " "
            })
    void anUnparsableSignatureHeaderIs400WithOneLogLineAndNoStackTrace(
            String header, CapturedOutput output) {
        String body = succeeded("evt_garbled", orderId, 2500, "eur");
        int before = output.getOut().length();

        assertRefused(deliver(body, header));

        String logged = output.getOut().substring(before);
        assertThat(logged.lines().filter(l -> l.contains("payment webhook refused")))
                .as("log of %s", header)
                .hasSize(1);
        assertThat(logged).doesNotContain("stack_trace").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"evt_\\u0000", "evt_\\ud800", "evt_\\udfff"})
    void anEventIdWithNulOrALoneSurrogateIs400NamingIt(String id) {
        String body = succeeded(id, orderId, 2500, "eur");

        Reply reply = deliver(body, signature(SECRET, now(), body));

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).containsExactly("id");
        assertNothingChanged();
    }

    @Test
    void aTamperedBodyIsRefusedAndChangesNothing() {
        String signed = succeeded("evt_5", orderId, 1, "eur");
        String tampered = signed.replace("\"amount\":1,", "\"amount\":2500,");
        assertThat(tampered).isNotEqualTo(signed);
        assertRefused(deliver(tampered, signature(SECRET, now(), signed)));
    }

    @Test
    void aMissingSignatureIsRefusedAndChangesNothing() {
        String body = succeeded("evt_6", orderId, 2500, "eur");
        assertRefused(deliver(body, null));
    }

    @Test
    void oneOfSeveralV1SignaturesMayMatch() {
        String body = succeeded("evt_7", orderId, 2500, "eur");
        long t = now();
        String header =
                "t="
                        + t
                        + ",v1="
                        + hmac("whsec_old_secret", t + "." + body)
                        + ",v1="
                        + hmac(SECRET, t + "." + body);

        Reply reply = deliver(body, header);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(orderStatus()).isEqualTo("PAID");
    }

    @Test
    void aWrongAmountIs422AndChangesNothing() {
        String body = succeeded("evt_8", orderId, 2499, "eur");

        Reply reply = deliver(body, signature(SECRET, now(), body));

        assertProblem(reply, 422, "amount-mismatch");
        assertNothingChanged();
    }

    @Test
    void aWrongCurrencyIs422AndChangesNothing() {
        String body = succeeded("evt_9", orderId, 2500, "usd");

        assertProblem(deliver(body, signature(SECRET, now(), body)), 422, "amount-mismatch");
        assertNothingChanged();
    }

    @Test
    void unknownEventTypesAreRecordedAndIgnored() {
        String body =
                "{\"id\":\"evt_10\",\"type\":\"charge.refunded\",\"data\":{\"object\":{\"id\":\"ch_1\"}}}";

        Reply reply = deliver(body, signature(SECRET, now(), body));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().path("outcome").asString()).isEqualTo("ignored");
        assertThat(recordedEvents()).isEqualTo(1);
        assertThat(orderStatus()).isEqualTo("PENDING_PAYMENT");
        assertThat(orderPaidPayloads()).isEmpty();
    }

    @Test
    void twoIdenticalDeliveriesRacingMakeOnePaidTransition() throws Exception {
        String body = succeeded("evt_11", orderId, 2500, "eur");
        String header = signature(SECRET, now(), body);
        long version = orderVersion();
        CountDownLatch start = new CountDownLatch(1);

        List<CompletableFuture<Reply>> deliveries =
                List.of(
                        CompletableFuture.supplyAsync(() -> awaitThenDeliver(start, body, header)),
                        CompletableFuture.supplyAsync(() -> awaitThenDeliver(start, body, header)));
        start.countDown();

        List<Reply> replies = deliveries.stream().map(CompletableFuture::join).toList();
        assertThat(replies).extracting(Reply::status).containsExactly(200, 200);
        assertThat(replies)
                .extracting(r -> r.json().path("outcome").asString())
                .containsExactlyInAnyOrder("paid", "duplicate");
        assertThat(orderStatus()).isEqualTo("PAID");
        assertThat(orderVersion()).isEqualTo(version + 1);
        assertThat(orderPaidPayloads()).hasSize(1);
    }

    // --- the provider's side ---------------------------------------------------------------

    private static String succeeded(String eventId, String orderId, long amount, String currency) {
        return "{\"id\":\""
                + eventId
                + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                + "\"data\":{\"object\":{\"id\":\"pi_"
                + eventId
                + "\",\"object\":\"payment_intent\","
                + "\"amount\":"
                + amount
                + ",\"currency\":\""
                + currency
                + "\","
                + "\"metadata\":{\"order_id\":\""
                + orderId
                + "\"}}}}";
    }

    /** {@code Stripe-Signature} as the provider computes it. */
    private static String signature(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    private static String hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private Reply deliver(String body, String signatureHeader) {
        HttpRequest.Builder request =
                api.request("/webhooks/payments", null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return api.send(request);
    }

    private Reply awaitThenDeliver(CountDownLatch start, String body, String header) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return deliver(body, header);
    }

    // --- what the database shows ------------------------------------------------------------

    private void assertRefused(Reply reply) {
        assertProblem(reply, 400, "invalid-signature");
        assertNothingChanged();
    }

    private void assertNothingChanged() {
        assertThat(orderStatus()).isEqualTo("PENDING_PAYMENT");
        assertThat(orderVersion()).isZero();
        assertThat(orderPaidPayloads()).isEmpty();
        assertThat(recordedEvents()).isZero();
    }

    private String orderStatus() {
        return jdbc.sql("select status from orders where id = ?")
                .param(UUID.fromString(orderId))
                .query(String.class)
                .single();
    }

    private long orderVersion() {
        return jdbc.sql("select version from orders where id = ?")
                .param(UUID.fromString(orderId))
                .query(Long.class)
                .single();
    }

    private List<String> orderPaidPayloads() {
        return jdbc.sql("select payload::text from outbox_events where event_type = 'order.paid'")
                .query(String.class)
                .list();
    }

    private long recordedEvents() {
        return jdbc.sql("select count(*) from payment_events").query(Long.class).single();
    }
}
