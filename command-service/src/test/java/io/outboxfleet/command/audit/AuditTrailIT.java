package io.outboxfleet.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.PostgresServer;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditTrailIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");

    @Test
    void anOrderCreatedAndCancelledIsAuditedWithItsActorsAndValues() {
        String mug = product();
        String orderId =
                api.post(
                                "/api/orders",
                                alice,
                                Map.of(
                                        "customerEmail",
                                        "alice@example.com",
                                        "items",
                                        List.of(Map.of("productId", mug, "quantity", 2))))
                        .json()
                        .path("id")
                        .asString();
        assertThat(api.post("/api/orders/" + orderId + "/cancel", admin, "").status())
                .isEqualTo(200);

        Reply trail = api.get("/api/audit?table=orders&recordId=" + orderId, admin);

        assertThat(trail.status()).as("%s", trail).isEqualTo(200);
        List<JsonNode> entries = trail.json().path("items").valueStream().toList();
        assertThat(entries)
                .extracting(e -> e.path("operation").asString())
                .containsExactly("UPDATE", "INSERT");
        JsonNode cancel = entries.get(0);
        assertThat(cancel.path("actor").asString()).isEqualTo("root");
        assertThat(cancel.path("oldValue").path("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(cancel.path("newValue").path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancel.path("newValue").path("version").asLong()).isEqualTo(1);
        JsonNode create = entries.get(1);
        assertThat(create.path("actor").asString()).isEqualTo("alice");
        assertThat(create.path("oldValue").isNull()).isTrue();
        assertThat(create.path("newValue").path("total_cents").asLong()).isEqualTo(2 * 1250);
        assertThat(create.path("occurredAt").asString()).endsWith("Z");
        assertThat(create.path("txId").asLong())
                .isPositive()
                .isNotEqualTo(cancel.path("txId").asLong());

        Reply lines =
                api.get("/api/audit?table=order_items&recordId=" + orderId + "/" + mug, admin);
        assertThat(lines.json().path("items").get(0).path("newValue").path("quantity").asInt())
                .isEqualTo(2);

        List<JsonNode> stock =
                api.get("/api/audit?table=products&recordId=" + mug, admin)
                        .json()
                        .path("items")
                        .valueStream()
                        .toList();
        assertThat(stock)
                .extracting(e -> e.path("actor").asString())
                .containsExactly("root", "alice", "root");
        assertThat(stock.get(0).path("oldValue").path("stock").asInt()).isEqualTo(3);
        assertThat(stock.get(0).path("newValue").path("stock").asInt()).isEqualTo(5);
        assertThat(stock.get(1).path("txId").asLong()).isEqualTo(create.path("txId").asLong());
    }

    @Test
    void aDocumentUpdateIsAuditedWithOldAndNewValues() {
        String id =
                api.post("/api/documents", alice, Map.of("title", "Notes", "content", "first"))
                        .json()
                        .path("id")
                        .asString();
        String body =
                JSON.writeValueAsString(
                        Map.of("title", "Notes", "content", "second", "version", 0));
        api.send(
                api.request("/api/documents/" + id, alice)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)));

        JsonNode update =
                api.get("/api/audit?table=documents&recordId=" + id, admin)
                        .json()
                        .path("items")
                        .get(0);

        assertThat(update.path("operation").asString()).isEqualTo("UPDATE");
        assertThat(update.path("actor").asString()).isEqualTo("alice");
        assertThat(update.path("oldValue").path("content").asString()).isEqualTo("first");
        assertThat(update.path("newValue").path("content").asString()).isEqualTo("second");
    }

    @Test
    void withoutACommandTheActorIsTheDatabaseUser() {
        jdbc.sql(
                        "insert into products (sku, name, price_cents, currency, stock) values ('RAW', 'raw', 1, 'EUR', 1)")
                .update();

        assertThat(
                        jdbc.sql("select actor from audit_logs where table_name = 'products'")
                                .query(String.class)
                                .single())
                .isEqualTo(PostgresServer.USER);
    }

    @Test
    void theApplicationRoleCannotChangeOrDeleteAuditRows() {
        product();

        assertThatThrownBy(() -> jdbc.sql("update audit_logs set actor = 'mallory'").update())
                .isInstanceOfSatisfying(
                        DataAccessException.class,
                        e ->
                                assertThat(e.getMostSpecificCause().getMessage())
                                        .contains("permission denied for table audit_logs"));
        assertThatThrownBy(() -> jdbc.sql("delete from audit_logs").update())
                .isInstanceOfSatisfying(
                        DataAccessException.class,
                        e ->
                                assertThat(e.getMostSpecificCause().getMessage())
                                        .contains("permission denied for table audit_logs"));
        assertThat(jdbc.sql("select actor from audit_logs").query(String.class).single())
                .isEqualTo("root");
    }

    @Test
    void evenARoleWithTheRightIsStoppedByTheGuardTrigger() throws SQLException {
        product();
        try (Connection c = PostgresServer.shared().superuserConnection();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("update audit_logs set actor = 'mallory'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from audit_logs"))
                    .hasMessageContaining("append-only");
        }
        assertThat(jdbc.sql("select count(*) from audit_logs").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theTrailIsPaginatedNewestFirstAndForAdminsOnly() {
        String mug = product();
        for (int delta = 1; delta <= 4; delta++) {
            api.post("/api/products/" + mug + "/stock", admin, Map.of("delta", delta));
        }

        Reply first = api.get("/api/audit?table=products&limit=3", admin);
        assertThat(stocks(first)).containsExactly(15, 11, 8);
        Reply second =
                api.get(
                        "/api/audit?table=products&limit=3&cursor="
                                + first.json().path("nextCursor").asString(),
                        admin);
        assertThat(stocks(second)).containsExactly(6, 5);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();

        assertProblem(api.get("/api/audit?table=products", alice), 403, "forbidden");
        assertProblem(api.get("/api/audit?table=users", admin), 400, "validation");
    }

    private static List<Integer> stocks(Reply page) {
        return page.json()
                .path("items")
                .valueStream()
                .map(e -> e.path("newValue").path("stock").asInt())
                .toList();
    }

    private String product() {
        Reply created =
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
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("id").asString();
    }
}
