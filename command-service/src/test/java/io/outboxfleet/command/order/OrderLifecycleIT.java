package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrderLifecycleIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");
    private final String bob = Tokens.of("bob", "customer");

    private String mug;

    @BeforeEach
    void catalogue() {
        mug = product("MUG-1", 1250, 5);
    }

    @Test
    void cancellingRestoresStockAndWritesOrderCancelledInTheSameTransaction() {
        String orderId = place(alice, 3).json().path("id").asString();
        assertThat(stock(mug)).isEqualTo(2);

        Reply cancelled = api.post("/api/orders/" + orderId + "/cancel", alice, "");

        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("version").asLong()).isEqualTo(1);
        assertThat(cancelled.json().path("items").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(cancelled.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(stock(mug)).isEqualTo(5);
        Map<String, Object> event =
                jdbc.sql(
                                """
                select aggregate_type, aggregate_id, payload::text as payload from outbox_events
                 where event_type = 'order.cancelled'""")
                        .query()
                        .singleRow();
        assertThat(event)
                .containsEntry("aggregate_type", "order")
                .containsEntry("aggregate_id", orderId);
        JsonNode payload = JSON.readTree((String) event.get("payload"));
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId);
        assertThat(payload.path("customerId").asString()).isEqualTo("alice");
        assertThat(payload.path("customerEmail").asString()).isEqualTo("alice@example.com");
        assertThat(payload.path("totalCents").asLong()).isEqualTo(3 * 1250);
        assertThat(payload.path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void aCancelledOrPaidOrderCannotBeCancelledAndNothingChanges() {
        String cancelled = place(alice, 1).json().path("id").asString();
        assertThat(api.post("/api/orders/" + cancelled + "/cancel", alice, "").status())
                .isEqualTo(200);

        Reply again = api.post("/api/orders/" + cancelled + "/cancel", alice, "");
        assertProblem(again, 409, "order-not-cancellable");
        assertThat(again.json().path("orderStatus").asString()).isEqualTo("CANCELLED");

        String paid = place(alice, 2).json().path("id").asString();
        jdbc.sql("update orders set status = 'PAID', version = version + 1 where id = ?::uuid")
                .param(paid)
                .update();
        assertProblem(
                api.post("/api/orders/" + paid + "/cancel", alice, ""),
                409,
                "order-not-cancellable");

        assertThat(stock(mug)).isEqualTo(3);
        assertThat(count("select count(*) from outbox_events where event_type = 'order.cancelled'"))
                .isEqualTo(1);
    }

    @Test
    void ifMatchWithAStaleVersionIs412WithTheCurrentVersion() {
        String orderId = place(alice, 1).json().path("id").asString();
        String etag =
                api.get("/api/orders/" + orderId, alice).headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"0\"");
        jdbc.sql("update orders set version = version + 1 where id = ?::uuid")
                .param(orderId)
                .update();

        Reply stale = cancel(orderId, alice, etag);
        assertProblem(stale, 412, "version-mismatch");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(1);
        assertThat(stock(mug)).isEqualTo(4);

        Reply current = cancel(orderId, alice, "\"1\"");
        assertThat(current.status()).as("%s", current).isEqualTo(200);
        assertThat(current.json().path("version").asLong()).isEqualTo(2);

        assertProblem(cancel(orderId, alice, "version one"), 400, "validation");
    }

    @Test
    void onlyTheOwnerOrAnAdminCancels() {
        String orderId = place(alice, 1).json().path("id").asString();

        assertProblem(api.post("/api/orders/" + orderId + "/cancel", bob, ""), 404, "not-found");
        assertProblem(
                api.post("/api/orders/" + orderId + "/cancel", null, ""), 401, "unauthorized");
        assertProblem(
                api.post("/api/orders/6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00/cancel", alice, ""),
                404,
                "not-found");
        assertThat(api.post("/api/orders/" + orderId + "/cancel", admin, "").status())
                .isEqualTo(200);
    }

    @Test
    void customersListTheirOwnOrdersAdminsAllWithAKeysetCursor() {
        List<String> aliceOrders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            aliceOrders.add(0, place(alice, 0 == i ? 1 : 0, i).json().path("id").asString());
        }
        String bobOrder = place(bob, 1, 0).json().path("id").asString();
        api.post("/api/orders/" + aliceOrders.get(0) + "/cancel", alice, "");

        Reply first = api.get("/api/orders?limit=2", alice);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(ids(first)).containsExactlyElementsOf(aliceOrders.subList(0, 2));
        assertThat(first.json().path("items").get(0).path("items").size()).isEqualTo(1);
        String cursor = first.json().path("nextCursor").asString();
        Reply second = api.get("/api/orders?limit=2&cursor=" + cursor, alice);
        assertThat(ids(second)).containsExactlyElementsOf(aliceOrders.subList(2, 4));
        Reply last =
                api.get(
                        "/api/orders?limit=2&cursor=" + second.json().path("nextCursor").asString(),
                        alice);
        assertThat(ids(last)).containsExactlyElementsOf(aliceOrders.subList(4, 5));
        assertThat(last.json().path("nextCursor").isNull()).isTrue();

        assertThat(ids(api.get("/api/orders?status=CANCELLED", alice)))
                .containsExactly(aliceOrders.get(0));
        assertThat(ids(api.get("/api/orders", bob))).containsExactly(bobOrder);
        assertThat(ids(api.get("/api/orders?limit=100", admin))).hasSize(6).contains(bobOrder);

        assertProblem(api.get("/api/orders?status=SHIPPED", alice), 400, "validation");
        assertProblem(api.get("/api/orders?cursor=not-a-cursor", alice), 400, "validation");
        assertProblem(api.get("/api/orders?limit=0", alice), 400, "validation");
    }

    private Reply cancel(String orderId, String token, String ifMatch) {
        return api.send(
                api.request("/api/orders/" + orderId + "/cancel", token)
                        .header("If-Match", ifMatch)
                        .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static List<String> ids(Reply page) {
        return page.json().path("items").valueStream().map(o -> o.path("id").asString()).toList();
    }

    private Reply place(String token, int quantity) {
        return place(token, quantity, 0);
    }

    /** An order of {@code quantity} mugs, or of a fresh product when quantity is 0. */
    private Reply place(String token, int quantity, int n) {
        String productId =
                quantity > 0
                        ? mug
                        : product(
                                "P-" + token.hashCode() + "-" + n + "-" + System.nanoTime(),
                                100,
                                10);
        Reply placed =
                api.post(
                        "/api/orders",
                        token,
                        Map.of(
                                "customerEmail",
                                Tokens.emailOf(token),
                                "items",
                                List.of(
                                        Map.of(
                                                "productId",
                                                productId,
                                                "quantity",
                                                Math.max(quantity, 1)))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        return placed;
    }

    private String product(String sku, long priceCents, int stock) {
        Reply created =
                api.post(
                        "/api/products",
                        admin,
                        Map.of(
                                "sku",
                                sku,
                                "name",
                                sku,
                                "priceCents",
                                priceCents,
                                "currency",
                                "EUR",
                                "stock",
                                stock));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private int stock(String productId) {
        return jdbc.sql("select stock from products where id = ?::uuid")
                .param(productId)
                .query(Integer.class)
                .single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
