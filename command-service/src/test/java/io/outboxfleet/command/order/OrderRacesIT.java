package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Concurrently;
import io.outboxfleet.command.testing.PaymentProvider;
import io.outboxfleet.command.testing.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Commands racing on the same rows, as concurrent callers and the payment provider make them: the
 * claims of docs/api.md and docs/payments.md (no deadlock with lines in opposite order; one of a
 * cancel and a payment wins; a second cancel or payment changes nothing), each checked on what the
 * database holds afterwards.
 */
class OrderRacesIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");
    private PaymentProvider provider;

    @BeforeEach
    void provider() {
        provider = new PaymentProvider(api, PAYMENTS_SECRET);
    }

    @Test
    void ordersLockingTwoProductsInOppositeOrderAllCommitWithoutADeadlock() {
        String mug = product("MUG", 1000);
        String tea = product("TEA", 1000);
        List<Reply> replies =
                Concurrently.run(
                        24,
                        i ->
                                order(
                                        i % 2 == 0
                                                ? List.of(line(mug, 1), line(tea, 2))
                                                : List.of(line(tea, 2), line(mug, 1))));

        assertThat(replies).extracting(Reply::status).containsOnly(201);
        assertThat(stock(mug)).isEqualTo(1000 - 24);
        assertThat(stock(tea)).isEqualTo(1000 - 48);
        assertThat(events("order.created")).isEqualTo(24);
    }

    @RepeatedTest(3)
    void aCancelRacingAPaymentLetsExactlyOneWin() {
        String mug = product("MUG", 10);
        Reply placed = placed(List.of(line(mug, 2)));
        String orderId = placed.json().path("id").asString();
        long total = placed.json().path("totalCents").asLong();

        List<Reply> replies =
                Concurrently.run(
                        2,
                        i ->
                                i == 0
                                        ? api.post("/api/orders/" + orderId + "/cancel", alice, "")
                                        : provider.succeeded(
                                                "evt_race_" + orderId, orderId, total));

        String status = status(orderId);
        if (status.equals("CANCELLED")) {
            assertThat(replies.get(0).status()).isEqualTo(200);
            assertProblem(replies.get(1), 409, "order-not-payable");
            assertThat(stock(mug)).isEqualTo(10);
            assertThat(events("order.paid")).isZero();
            assertThat(events("order.cancelled")).isEqualTo(1);
        } else {
            assertThat(status).isEqualTo("PAID");
            assertProblem(replies.get(0), 409, "order-not-cancellable");
            assertThat(replies.get(1).status()).isEqualTo(200);
            assertThat(stock(mug)).isEqualTo(8);
            assertThat(events("order.paid")).isEqualTo(1);
            assertThat(events("order.cancelled")).isZero();
        }
    }

    @Test
    void twoCancelsAtOnceRestoreTheStockOnce() {
        String mug = product("MUG", 10);
        String orderId = placed(List.of(line(mug, 3))).json().path("id").asString();

        List<Reply> replies =
                Concurrently.run(2, i -> api.post("/api/orders/" + orderId + "/cancel", alice, ""));

        assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
        assertThat(stock(mug)).isEqualTo(10);
        assertThat(events("order.cancelled")).isEqualTo(1);
    }

    @Test
    void aSecondPaymentOfAPaidOrderIsAcceptedAndChangesNothing() {
        Reply placed = placed(List.of(line(product("MUG", 10), 1)));
        String orderId = placed.json().path("id").asString();
        long total = placed.json().path("totalCents").asLong();
        assertThat(provider.succeeded("evt_first", orderId, total).status()).isEqualTo(200);
        long version = version(orderId);

        Reply again = provider.succeeded("evt_second", orderId, total);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("outcome").asString()).isEqualTo("already_paid");
        assertThat(version(orderId)).isEqualTo(version);
        assertThat(events("order.paid")).isEqualTo(1);
    }

    @Test
    void aPaymentForAnUnknownOrderIs422AndChangesNothing() {
        Reply reply =
                provider.succeeded("evt_unknown", "00000000-0000-0000-0000-000000000001", 100);

        assertProblem(reply, 422, "unknown-order");
        assertThat(events("order.paid")).isZero();
    }

    @Test
    void aPaymentForACancelledOrderIs409AndChangesNothing() {
        Reply placed = placed(List.of(line(product("MUG", 10), 1)));
        String orderId = placed.json().path("id").asString();
        assertThat(api.post("/api/orders/" + orderId + "/cancel", alice, "").status())
                .isEqualTo(200);

        Reply reply =
                provider.succeeded("evt_late", orderId, placed.json().path("totalCents").asLong());

        assertProblem(reply, 409, "order-not-payable");
        assertThat(status(orderId)).isEqualTo("CANCELLED");
        assertThat(events("order.paid")).isZero();
    }

    @Test
    void aSignedBodyThatIsNotJsonIs400AndChangesNothing() {
        Reply reply = provider.deliver("amount=100&currency=eur");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(jdbc.sql("select count(*) from payment_events").query(Long.class).single())
                .isZero();
    }

    private String product(String name, int stock) {
        Reply product =
                api.post(
                        "/api/products",
                        admin,
                        Map.of(
                                "sku",
                                name + "-" + java.util.UUID.randomUUID(),
                                "name",
                                name,
                                "priceCents",
                                500,
                                "currency",
                                "EUR",
                                "stock",
                                stock));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        return product.json().path("id").asString();
    }

    private static Map<String, Object> line(String productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    private Reply order(List<Map<String, Object>> items) {
        Reply order =
                api.post(
                        "/api/orders",
                        alice,
                        Map.of("customerEmail", "alice@example.com", "items", items));
        return order;
    }

    private Reply placed(List<Map<String, Object>> items) {
        Reply order = order(items);
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        return order;
    }

    private long stock(String productId) {
        return jdbc.sql("select stock from products where id = ?::uuid")
                .param(productId)
                .query(Long.class)
                .single();
    }

    private String status(String orderId) {
        return jdbc.sql("select status from orders where id = ?::uuid")
                .param(orderId)
                .query(String.class)
                .single();
    }

    private long version(String orderId) {
        return jdbc.sql("select version from orders where id = ?::uuid")
                .param(orderId)
                .query(Long.class)
                .single();
    }

    private long events(String type) {
        return jdbc.sql("select count(*) from outbox_events where event_type = ?")
                .param(type)
                .query(Long.class)
                .single();
    }
}
