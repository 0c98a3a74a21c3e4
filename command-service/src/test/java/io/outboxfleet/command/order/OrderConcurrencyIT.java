package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Concurrently;
import io.outboxfleet.command.testing.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderConcurrencyIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");

    @Test
    void fiftyConcurrentOrdersAgainstStockTenSellExactlyTen() {
        String product =
                api.post(
                                "/api/products",
                                admin,
                                Map.of(
                                        "sku",
                                        "HOT-1",
                                        "name",
                                        "Hot item",
                                        "priceCents",
                                        500,
                                        "currency",
                                        "EUR",
                                        "stock",
                                        10))
                        .json()
                        .path("id")
                        .asString();

        List<Reply> replies =
                Concurrently.run(
                        50,
                        i ->
                                api.post(
                                        "/api/orders",
                                        Tokens.of("customer-" + i, "customer"),
                                        Map.of(
                                                "customerEmail",
                                                "customer-" + i + "@example.com",
                                                "items",
                                                List.of(
                                                        Map.of(
                                                                "productId",
                                                                product,
                                                                "quantity",
                                                                1)))));

        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(10);
        assertThat(replies)
                .filteredOn(r -> r.status() != 201)
                .hasSize(40)
                .allSatisfy(r -> assertProblem(r, 409, "insufficient-stock"));
        assertThat(
                        jdbc.sql("select stock from products where id = ?::uuid")
                                .param(product)
                                .query(Integer.class)
                                .single())
                .isZero();
        assertThat(
                        jdbc.sql(
                                        "select count(*) from outbox_events where event_type = 'order.created'")
                                .query(Long.class)
                                .single())
                .isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from orders").query(Long.class).single())
                .isEqualTo(10);
    }
}
