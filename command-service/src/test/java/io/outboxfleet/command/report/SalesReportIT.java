package io.outboxfleet.command.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.PostgresServer;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SalesReportIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");

    @Test
    void ordersShowUpInTheSalesReportSoonAfterAndCancelledOnesDoNot() {
        String mug = product("MUG-1", 1250);
        String cup = product("CUP-1", 300);
        place(mug, 2);
        place(cup, 3);
        String cancelled = place(mug, 5);
        assertThat(api.post("/api/orders/" + cancelled + "/cancel", alice, "").status())
                .isEqualTo(200);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        JsonNode mugRow = awaitRow(mug, 2);

        assertThat(mugRow.path("sku").asString()).isEqualTo("MUG-1");
        assertThat(mugRow.path("day").asString()).isEqualTo(today);
        assertThat(mugRow.path("revenueCents").asLong()).isEqualTo(2 * 1250);
        JsonNode cupRow = awaitRow(cup, 3);
        assertThat(cupRow.path("revenueCents").asLong()).isEqualTo(3 * 300);
    }

    /** Each order fits a bigint, their sum need not: the view keeps refreshing, exact. */
    @Test
    void aDaysRevenuePastABigintIsReportedExactly() {
        long price = 1L << 62;
        String gold = product("GOLD-1", price);
        place(gold, 1);
        place(gold, 1);
        place(gold, 1);

        JsonNode row = awaitRow(gold, 3);

        assertThat(row.path("revenueCents").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(price).multiply(BigInteger.valueOf(3)))
                .isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void aRangeWithoutSalesIsEmptyAndTheReportIsForAdminsOnly() {
        Reply empty = api.get("/api/reports/sales?from=2001-01-01&to=2001-01-31", admin);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().size()).isZero();
        assertProblem(api.get("/api/reports/sales", alice), 403, "forbidden");
    }

    @Test
    void aRefreshIsSkippedWhileAnotherSessionRefreshes() throws Exception {
        try (Connection other = PostgresServer.shared().superuserConnection();
                Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("select pg_advisory_xact_lock(hashtext('fleet.sales_by_product_day'))");

            assertThat(
                            jdbc.sql("select refresh_sales_by_product_day()")
                                    .query(Boolean.class)
                                    .single())
                    .isFalse();

            other.rollback();
        }
        assertThat(jdbc.sql("select refresh_sales_by_product_day()").query(Boolean.class).single())
                .isTrue();
    }

    private JsonNode awaitRow(String productId, long units) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<JsonNode> rows =
                                    api.get("/api/reports/sales", admin)
                                            .json()
                                            .valueStream()
                                            .filter(
                                                    r ->
                                                            r.path("productId")
                                                                    .asString()
                                                                    .equals(productId))
                                            .toList();
                            return rows.size() == 1
                                            && rows.get(0).path("unitsSold").asLong() == units
                                    ? rows.get(0)
                                    : null;
                        },
                        row -> row != null);
    }

    private String place(String productId, int quantity) {
        Reply placed =
                api.post(
                        "/api/orders",
                        alice,
                        Map.of(
                                "customerEmail",
                                "alice@example.com",
                                "items",
                                List.of(Map.of("productId", productId, "quantity", quantity))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    private String product(String sku, long priceCents) {
        return api.post(
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
                                100))
                .json()
                .path("id")
                .asString();
    }
}
