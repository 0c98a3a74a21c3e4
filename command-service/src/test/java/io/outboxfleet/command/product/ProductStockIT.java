package io.outboxfleet.command.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProductStockIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");

    private String mug;

    @BeforeEach
    void catalogue() {
        mug =
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
                                        5))
                        .json()
                        .path("id")
                        .asString();
    }

    @Test
    void stockMovesAndEachMoveIsAStockChangedEvent() {
        Reply added = api.post("/api/products/" + mug + "/stock", admin, Map.of("delta", 7));
        assertThat(added.status()).as("%s", added).isEqualTo(200);
        assertThat(added.json().path("stock").asInt()).isEqualTo(12);
        assertThat(added.json().path("version").asLong()).isEqualTo(1);

        Reply taken = api.post("/api/products/" + mug + "/stock", admin, Map.of("delta", -12));
        assertThat(taken.json().path("stock").asInt()).isZero();

        var events =
                jdbc.sql(
                                """
                select aggregate_type, aggregate_id, payload::text from outbox_events
                 where event_type = 'product.stock_changed' order by created_at""")
                        .query()
                        .listOfRows();
        assertThat(events).hasSize(2);
        assertThat(events.get(0))
                .containsEntry("aggregate_type", "product")
                .containsEntry("aggregate_id", mug);
        JsonNode payload = JSON.readTree((String) events.get(1).get("payload"));
        assertThat(payload.path("productId").asString()).isEqualTo(mug);
        assertThat(payload.path("sku").asString()).isEqualTo("MUG-1");
        assertThat(payload.path("stock").asInt()).isZero();
        assertThat(payload.path("delta").asInt()).isEqualTo(-12);
    }

    @Test
    void stockNeverGoesBelowZero() {
        Reply reply = api.post("/api/products/" + mug + "/stock", admin, Map.of("delta", -6));

        assertProblem(reply, 409, "stock-never-negative");
        assertThat(reply.json().path("stock").asInt()).isEqualTo(5);
        assertThat(
                        jdbc.sql("select stock from products where id = ?::uuid")
                                .param(mug)
                                .query(Integer.class)
                                .single())
                .isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from outbox_events").query(Long.class).single())
                .isZero();
    }

    @Test
    void onlyAdminsMoveStockOfKnownProducts() {
        assertProblem(
                api.post("/api/products/" + mug + "/stock", alice, Map.of("delta", 1)),
                403,
                "forbidden");
        assertProblem(
                api.post(
                        "/api/products/6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00/stock",
                        admin,
                        Map.of("delta", 1)),
                404,
                "not-found");
        assertProblem(
                api.post("/api/products/" + mug + "/stock", admin, Map.of("delta", 0)),
                400,
                "validation");
    }
}
