package io.outboxfleet.command.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.math.BigInteger;
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
    void ordersShowUpInTheSalesReportAndCancelledOnesDoNot() {
        String mug = product("MUG-1", 1250);
        String cup = product("CUP-1", 300);
        place(mug, 2);
        place(cup, 3);
        String cancelled = place(mug, 5);
        assertThat(api.post("/api/orders/" + cancelled + "/cancel", alice, "").status())
                .isEqualTo(200);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        JsonNode mugRow = row(mug);

        assertThat(mugRow.path("sku").asString()).isEqualTo("MUG-1");
        assertThat(mugRow.path("day").asString()).isEqualTo(today);
        assertThat(mugRow.path("unitsSold").asLong()).isEqualTo(2);
        assertThat(mugRow.path("revenueCents").asLong()).isEqualTo(2 * 1250);
        JsonNode cupRow = row(cup);
        assertThat(cupRow.path("unitsSold").asLong()).isEqualTo(3);
        assertThat(cupRow.path("revenueCents").asLong()).isEqualTo(3 * 300);
    }

    /** No refresh to wait for: the order's own transaction counted it, its cancel took it out. */
    @Test
    void theReportIsExactAsSoonAsThePlaceOrTheCancelAnswers() {
        String mug = product("MUG-1", 1250);
        place(mug, 2);
        String order = place(mug, 5);

        assertThat(row(mug).path("unitsSold").asLong()).isEqualTo(7);
        assertThat(row(mug).path("revenueCents").asLong()).isEqualTo(7 * 1250);

        assertThat(api.post("/api/orders/" + order + "/cancel", alice, "").status()).isEqualTo(200);
        assertThat(row(mug).path("unitsSold").asLong()).isEqualTo(2);
        assertThat(row(mug).path("revenueCents").asLong()).isEqualTo(2 * 1250);
    }

    /** As in the old view: a product whose orders of the day were all cancelled has no row. */
    @Test
    void aProductWhoseOrdersWereAllCancelledHasNoRow() {
        String mug = product("MUG-1", 1250);
        String order = place(mug, 2);
        assertThat(rows(mug)).hasSize(1);

        assertThat(api.post("/api/orders/" + order + "/cancel", alice, "").status()).isEqualTo(200);

        assertThat(rows(mug)).isEmpty();
    }

    /** Each order fits a bigint, their sum need not: the table keeps it as numeric, exact. */
    @Test
    void aDaysRevenuePastABigintIsReportedExactly() {
        long price = 1L << 62;
        String gold = product("GOLD-1", price);
        place(gold, 1);
        place(gold, 1);
        place(gold, 1);

        JsonNode row = row(gold);

        assertThat(row.path("unitsSold").asLong()).isEqualTo(3);

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

    /** The one row of the product in today's report (default range); fails if there is none. */
    private JsonNode row(String productId) {
        List<JsonNode> rows = rows(productId);
        assertThat(rows).as("report rows of product %s", productId).hasSize(1);
        return rows.get(0);
    }

    private List<JsonNode> rows(String productId) {
        Reply report = api.get("/api/reports/sales", admin);
        assertThat(report.status()).as("%s", report).isEqualTo(200);
        return report.json()
                .valueStream()
                .filter(r -> r.path("productId").asString().equals(productId))
                .toList();
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
