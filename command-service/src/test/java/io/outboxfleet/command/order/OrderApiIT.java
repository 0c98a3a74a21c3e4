package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OrderApiIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");
    private final String bob = Tokens.of("bob", "customer");

    private String mug;
    private String cup;

    @BeforeEach
    void catalogue() {
        mug = product("MUG-1", 1250, "EUR", 5);
        cup = product("CUP-1", 300, "EUR", 10);
    }

    @Test
    void placingAnOrderDecrementsStockAndWritesOneOrderCreatedEvent() {
        Reply placed = placeOrder(alice, line(mug, 2), line(cup, 3));

        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        JsonNode order = placed.json();
        String orderId = order.path("id").asString();
        assertThat(placed.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/orders/" + orderId));
        assertThat(order.path("customerId").asString()).isEqualTo("alice");
        assertThat(order.path("customerEmail").asString()).isEqualTo("alice@example.com");
        assertThat(order.path("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(order.path("totalCents").asLong()).isEqualTo(2 * 1250 + 3 * 300);
        assertThat(order.path("currency").asString()).isEqualTo("EUR");
        assertThat(order.path("items").size()).isEqualTo(2);
        assertThat(order.path("createdAt").asString()).endsWith("Z");
        assertThat(order.has("version")).isTrue();

        assertThat(stock(mug)).isEqualTo(3);
        assertThat(stock(cup)).isEqualTo(7);

        List<Map<String, Object>> outbox =
                jdbc.sql(
                                "select aggregate_type, aggregate_id, event_type, payload::text as payload from outbox_events")
                        .query()
                        .listOfRows();
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0))
                .containsEntry("aggregate_type", "order")
                .containsEntry("aggregate_id", orderId)
                .containsEntry("event_type", "order.created");
        JsonNode payload = JSON.readTree((String) outbox.get(0).get("payload"));
        assertThat(payload.path("orderId").asString()).isEqualTo(orderId);
        assertThat(payload.path("customerId").asString()).isEqualTo("alice");
        assertThat(payload.path("customerEmail").asString()).isEqualTo("alice@example.com");
        assertThat(payload.path("totalCents").asLong()).isEqualTo(3400);
        assertThat(payload.path("currency").asString()).isEqualTo("EUR");
        assertThat(payload.path("items").size()).isEqualTo(2);
    }

    @Test
    void insufficientStockIs409AndWritesNothing() {
        Reply reply = placeOrder(alice, line(cup, 1), line(mug, 6));

        assertProblem(reply, 409, "insufficient-stock");
        assertThat(reply.json().path("productId").asString()).isEqualTo(mug);
        assertThat(reply.json().path("available").asInt()).isEqualTo(5);
        assertThat(stock(mug)).isEqualTo(5);
        assertThat(stock(cup)).isEqualTo(10);
        assertThat(count("orders")).isZero();
        assertThat(count("order_items")).isZero();
        assertThat(count("outbox_events")).isZero();
    }

    @Test
    void unknownProductIs400NamingTheLine() {
        String unknown = "6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00";
        Reply reply = placeOrder(alice, line(mug, 1), line(unknown, 1));

        assertProblem(reply, 400, "unknown-product");
        assertThat(errorFields(reply)).containsExactly("items[1].productId");
        assertThat(count("orders")).isZero();
        assertThat(stock(mug)).isEqualTo(5);
    }

    @Test
    void productsOfDifferentCurrenciesCannotShareAnOrder() {
        String dollarMug = product("MUG-US", 1400, "USD", 5);

        assertProblem(placeOrder(alice, line(mug, 1), line(dollarMug, 1)), 422, "mixed-currency");
        assertThat(count("orders")).isZero();
    }

    @Test
    void invalidOrdersAre400WithTheFieldNames() {
        Reply zero = placeOrder(alice, line(mug, 0));
        assertProblem(zero, 400, "validation");
        assertThat(errorFields(zero)).containsExactly("items[0].quantity");

        Reply missing = api.post("/api/orders", alice, "{\"items\":[{\"quantity\":1}]}");
        assertProblem(missing, 400, "validation");
        assertThat(errorFields(missing))
                .containsExactlyInAnyOrder("customerEmail", "items[0].productId");

        Reply empty =
                api.post(
                        "/api/orders",
                        alice,
                        Map.of("customerEmail", "alice@example.com", "items", List.of()));
        assertProblem(empty, 400, "validation");
        assertThat(errorFields(empty)).containsExactly("items");

        Reply badId =
                api.post(
                        "/api/orders",
                        alice,
                        "{\"customerEmail\":\"alice@example.com\",\"items\":[{\"productId\":\"nope\",\"quantity\":1}]}");
        assertProblem(badId, 400, "validation");
        assertThat(errorFields(badId)).containsExactly("items[0].productId");

        assertProblem(
                api.post("/api/orders", alice, "{\"customerEmail\": "), 400, "malformed-request");
        assertProblem(api.post("/api/orders", alice, ""), 400, "malformed-request");
        assertThat(count("orders")).isZero();
    }

    @Test
    void anOrderIsVisibleToItsOwnerAndAdminsOnly() {
        String orderId = placeOrder(alice, line(mug, 1)).json().path("id").asString();

        Reply own = api.get("/api/orders/" + orderId, alice);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("items").get(0).path("productId").asString()).isEqualTo(mug);
        assertThat(own.json().path("items").get(0).path("unitPriceCents").asLong()).isEqualTo(1250);
        assertThat(own.json().path("totalCents").asLong()).isEqualTo(1250);

        assertThat(api.get("/api/orders/" + orderId, admin).status()).isEqualTo(200);
        assertProblem(api.get("/api/orders/" + orderId, bob), 404, "not-found");
    }

    @Test
    void onlyCustomersPlaceOrdersAndATokenIsNeeded() {
        assertProblem(placeOrder(admin, line(mug, 1)), 403, "forbidden");
        assertProblem(placeOrder(null, line(mug, 1)), 401, "unauthorized");
        assertThat(count("orders")).isZero();
    }

    private Reply placeOrder(String token, Map<?, ?>... lines) {
        return api.post("/api/orders", token, orderBody(lines));
    }

    private static Map<String, Object> orderBody(Map<?, ?>... lines) {
        return Map.of("customerEmail", "alice@example.com", "items", List.of(lines));
    }

    private static Map<String, Object> line(String productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    private String product(String sku, long priceCents, String currency, int stock) {
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
                                currency,
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

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
