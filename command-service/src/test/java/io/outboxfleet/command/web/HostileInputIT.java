package io.outboxfleet.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.security.web.PlainText;
import io.outboxfleet.testsupport.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Input an attacker would try, found by probing (issue 14): each answer is a 4xx problem naming the
 * field, refused before the database sees it, never a 500; nothing is written.
 */
class HostileInputIT extends ApiIntegrationTest {

    private static final String ADMIN = Tokens.of("root", "admin");
    private static final String ALICE = Tokens.of("alice", "customer");

    @LocalServerPort private int port;

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // NUL (Postgres refuses it in text) and a lone surrogate (stored as '?')
                "/api/documents|title|{\"title\":\"a\\u0000b\",\"content\":\"x\"}",
                "/api/documents|content|{\"title\":\"t\",\"content\":\"x\\u0000\"}",
                "/api/documents|title|{\"title\":\"a\\ud800b\",\"content\":\"x\"}",
                "/api/documents|content|{\"title\":\"t\",\"content\":\"\\udc00\"}",
                "/api/products|name|{\"sku\":\"MUG-1\",\"name\":\"M\\u0000g\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1}",
                "/api/products|name|{\"sku\":\"MUG-1\",\"name\":\"M\\ud83dg\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1}",
                "/api/webhook-endpoints|description|{\"url\":\"https://hooks.example.com/a\",\"description\":\"d\\u0000\"}",
                "/api/webhook-endpoints|description|{\"url\":\"https://hooks.example.com/a\",\"description\":\"\\ude00d\"}",
                "/api/webhook-endpoints|url|{\"url\":\"https://hooks.example.com/a\\u0000\"}",
            })
    void nulAndLoneSurrogatesAreA400NamingTheField(String path, String field, String body) {
        Reply reply = api.post(path, path.contains("documents") ? ALICE : ADMIN, body);

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).as("%s", reply).contains(field);
        assertNothingWritten();
    }

    /** Query parameters too: checked at the edge, not refused by the database (22021). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/audit?recordId=%00|recordId",
                "/api/audit?recordId=order-1%00x|recordId",
                "/api/audit?table=orders%00|table",
                "/api/orders?status=PAID%00|status",
                "/api/orders?cursor=%00|cursor",
                "/api/changes?table=orders%00|table",
            })
    void aNulInAQueryParameterIsA400NamingIt(String target, String parameter) {
        Reply reply = api.get(target, ADMIN);

        assertProblem(reply, 400, "validation");
        assertThat(reply.json().path("errors").get(0).path("field").asString())
                .as("%s", reply)
                .isEqualTo(parameter);
        assertThat(reply.json().path("errors").get(0).path("message").asString())
                .isEqualTo(PlainText.PROBLEM);
    }

    @Test
    void aValidSurrogatePairIsAccepted() {
        Reply reply =
                api.post(
                        "/api/documents",
                        ALICE,
                        "{\"title\":\"mug \\ud83d\\ude00\",\"content\":\"x\"}");

        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        assertThat(reply.json().path("title").asString()).isEqualTo("mug \uD83D\uDE00");
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        Reply reply =
                api.post(
                        "/api/documents",
                        ALICE,
                        "{\"title\":\"first\",\"title\":\"second\",\"content\":\"x\"}");

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.raw()).contains("title");
        assertNothingWritten();
    }

    @Test
    void anOrderWhoseTotalWouldPassABigintIsRefusedAndWritesNothing() {
        String expensive = product("GOLD-1", Long.MAX_VALUE / 2 + 1, 10);
        String alsoExpensive = product("GOLD-2", Long.MAX_VALUE / 2 + 1, 10);

        Reply twice = api.post("/api/orders", ALICE, order(line(expensive, 2)));
        Reply both =
                api.post("/api/orders", ALICE, order(line(expensive, 1), line(alsoExpensive, 1)));

        for (Reply reply : List.of(twice, both)) {
            assertProblem(reply, 422, "order-total-out-of-range");
        }
        assertThat(count("orders")).isZero();
        assertThat(stock(expensive)).isEqualTo(10);
    }

    @Test
    void stockMovedPastAnIntegerIsRefused() {
        String product = product("MUG-1", 100, Integer.MAX_VALUE - 5);

        Reply reply = api.post("/api/products/" + product + "/stock", ADMIN, Map.of("delta", 10));

        assertProblem(reply, 409, "stock-out-of-range");
        assertThat(stock(product)).isEqualTo(Integer.MAX_VALUE - 5);
    }

    @Test
    void aStockBeyondAnIntegerIsA400() {
        Reply reply =
                api.post(
                        "/api/products",
                        ADMIN,
                        "{\"sku\":\"MUG-1\",\"name\":\"Mug\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":2147483648}");

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).contains("stock");
    }

    @Test
    void rawUtf8BytesInAHeaderAreA400Problem() {
        String rawUtf8 =
                new String("clé-ü".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        RawHttp.Answer answer =
                RawHttp.send(
                        port,
                        RawHttp.post(
                                "/api/orders",
                                "{\"customerEmail\":\"alice@example.com\",\"items\":[{\"productId\":\"6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00\",\"quantity\":1}]}",
                                "Authorization: Bearer " + ALICE,
                                "Idempotency-Key: " + rawUtf8));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
        assertThat(count("orders")).isZero();
    }

    @ParameterizedTest
    @CsvSource({"/api/orders/%00", "/api/documents/a%00b", "/api/%2e%2e/actuator"})
    void suspiciousPathsAreA400Problem(String path) {
        RawHttp.Answer answer =
                RawHttp.send(port, RawHttp.get(path, "Authorization: Bearer " + ALICE));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
        assertThat(answer.body()).doesNotContain("<html");
    }

    @Test
    void oversizedHeadersAreA4xxProblem() {
        RawHttp.Answer answer =
                RawHttp.send(
                        port, RawHttp.get("/api/products", "X-Padding: " + "p".repeat(20_000)));

        assertThat(answer.status()).as("%s", answer).isBetween(400, 431);
        assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
        assertThat(answer.body()).doesNotContain("<html");
    }

    private String product(String sku, long priceCents, int stock) {
        Reply reply =
                api.post(
                        "/api/products",
                        ADMIN,
                        Map.of(
                                "sku", sku,
                                "name", sku,
                                "priceCents", priceCents,
                                "currency", "EUR",
                                "stock", stock));
        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        return reply.json().path("id").asString();
    }

    private static Map<String, Object> line(String productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    @SafeVarargs
    private static Map<String, Object> order(Map<String, Object>... lines) {
        return Map.of("customerEmail", "alice@example.com", "items", List.of(lines));
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

    private void assertNothingWritten() {
        assertThat(count("documents") + count("products") + count("webhook_endpoints"))
                .as("nothing written")
                .isZero();
    }
}
