package io.outboxfleet.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of malformed request gets a 4xx problem that names the offending fields, never a 500,
 * and writes nothing.
 */
class BadRequestsIT extends ApiIntegrationTest {

    private static final String ADMIN = Tokens.of("root", "admin");
    private static final String ALICE = Tokens.of("alice", "customer");
    private static final String SOME_ID = "6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00";
    private static final String OTHER_ID = "0d4c2a57-3b8e-4f0a-9a61-2c7d1e5f9b10";
    private static final String JSON = "application/json";

    /** One bad request and what it must get: the status, the problem type and the named fields. */
    record Bad(
            String name,
            String method,
            String path,
            String token,
            String contentType,
            String body,
            String header,
            int status,
            String type,
            List<String> fields) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badRequests() {
        return Stream.of(
                // orders: body shape
                post("order: empty body", "/api/orders", ALICE, "", 400, "malformed-request"),
                post(
                        "order: unparseable JSON",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\": ",
                        400,
                        "malformed-request"),
                post(
                        "order: JSON array instead of object",
                        "/api/orders",
                        ALICE,
                        "[]",
                        400,
                        "malformed-request"),
                post(
                        "order: missing customerEmail",
                        "/api/orders",
                        ALICE,
                        "{\"items\":[{\"productId\":\"" + SOME_ID + "\",\"quantity\":1}]}",
                        400,
                        "validation",
                        "customerEmail"),
                post(
                        "order: email not an email",
                        "/api/orders",
                        ALICE,
                        order("not-an-email", line(SOME_ID, "1")),
                        400,
                        "validation",
                        "customerEmail"),
                post(
                        "order: oversized email",
                        "/api/orders",
                        ALICE,
                        order("a".repeat(300) + "@example.com", line(SOME_ID, "1")),
                        400,
                        "validation",
                        "customerEmail"),
                post(
                        "order: items missing",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\":\"a@example.com\"}",
                        400,
                        "validation",
                        "items"),
                post(
                        "order: items empty",
                        "/api/orders",
                        ALICE,
                        order("a@example.com"),
                        400,
                        "validation",
                        "items"),
                post(
                        "order: items not an array",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\":\"a@example.com\",\"items\":\"x\"}",
                        400,
                        "validation",
                        "items"),
                post(
                        "order: null line",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\":\"a@example.com\",\"items\":[null]}",
                        400,
                        "validation",
                        "items[0]"),
                post(
                        "order: more than 100 lines",
                        "/api/orders",
                        ALICE,
                        order(
                                "a@example.com",
                                IntStream.range(0, 101)
                                        .mapToObj(i -> line(uuid(i), "1"))
                                        .toArray(String[]::new)),
                        400,
                        "validation",
                        "items"),
                // orders: line fields
                post(
                        "order: quantity 0",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "0")),
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: quantity negative",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "-3")),
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: quantity a word",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "\"two\"")),
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: quantity a fraction",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "1.5")),
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: quantity beyond int",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "99999999999")),
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: quantity missing",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\":\"a@example.com\",\"items\":[{\"productId\":\""
                                + SOME_ID
                                + "\"}]}",
                        400,
                        "validation",
                        "items[0].quantity"),
                post(
                        "order: productId not a UUID",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", "{\"productId\":\"abc\",\"quantity\":1}"),
                        400,
                        "validation",
                        "items[0].productId"),
                post(
                        "order: productId SQL injection",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", "{\"productId\":\"1' OR '1'='1\",\"quantity\":1}"),
                        400,
                        "validation",
                        "items[0].productId"),
                post(
                        "order: productId null",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", "{\"productId\":null,\"quantity\":1}"),
                        400,
                        "validation",
                        "items[0].productId"),
                post(
                        "order: duplicate product lines",
                        "/api/orders",
                        ALICE,
                        order(
                                "a@example.com",
                                line(SOME_ID, "1"),
                                line(OTHER_ID, "1"),
                                line(SOME_ID, "2")),
                        400,
                        "validation",
                        "items[2].productId"),
                post(
                        "order: unknown product",
                        "/api/orders",
                        ALICE,
                        // the token's own address: any other is refused before the product is
                        // looked up
                        order("alice@example.com", line(SOME_ID, "1")),
                        400,
                        "unknown-product",
                        "items[0].productId"),
                post(
                        "order: unknown property",
                        "/api/orders",
                        ALICE,
                        "{\"customerEmail\":\"a@example.com\",\"coupon\":\"FREE\",\"items\":[{\"productId\":\""
                                + SOME_ID
                                + "\",\"quantity\":1}]}",
                        400,
                        "validation",
                        "coupon"),
                post(
                        "order: unknown property in a line",
                        "/api/orders",
                        ALICE,
                        order(
                                "a@example.com",
                                "{\"productId\":\"" + SOME_ID + "\",\"quantity\":1,\"price\":0}"),
                        400,
                        "validation",
                        "items[0].price"),
                post(
                        "order: body over 1 MiB",
                        "/api/orders",
                        ALICE,
                        order("a@example.com", line(SOME_ID, "1"))
                                .replace("{", "{\"pad\":\"" + "x".repeat(1_100_000) + "\","),
                        413,
                        "body-too-large"),
                new Bad(
                        "order: text/plain body",
                        "POST",
                        "/api/orders",
                        ALICE,
                        "text/plain",
                        "hello",
                        null,
                        415,
                        "unsupported-media-type",
                        List.of()),
                new Bad(
                        "order: Idempotency-Key too long",
                        "POST",
                        "/api/orders",
                        ALICE,
                        JSON,
                        order("a@example.com", line(SOME_ID, "1")),
                        "Idempotency-Key:" + "k".repeat(300),
                        400,
                        "validation",
                        List.of("Idempotency-Key")),
                post(
                        "order: admin may not place",
                        "/api/orders",
                        ADMIN,
                        order("a@example.com", line(SOME_ID, "1")),
                        403,
                        "forbidden"),
                post(
                        "order: no token",
                        "/api/orders",
                        null,
                        order("a@example.com", line(SOME_ID, "1")),
                        401,
                        "unauthorized"),
                // order reads and cancel
                get(
                        "orders: unknown status value",
                        "/api/orders?status=SHIPPED",
                        ALICE,
                        400,
                        "status"),
                get(
                        "orders: status SQL injection",
                        "/api/orders?status=PAID%27%20OR%20%271%27%3D%271",
                        ALICE,
                        400,
                        "status"),
                get("orders: limit a word", "/api/orders?limit=ten", ALICE, 400, "limit"),
                get("orders: limit too large", "/api/orders?limit=1000", ALICE, 400, "limit"),
                get(
                        "orders: forged cursor",
                        "/api/orders?cursor=eyJpZCI6MX0",
                        ALICE,
                        400,
                        "cursor"),
                get("order: id not a UUID", "/api/orders/not-a-uuid", ALICE, 400, "id"),
                get(
                        "order: id SQL injection",
                        "/api/orders/1%27%20or%20%271%27%3D%271",
                        ALICE,
                        400,
                        "id"),
                new Bad(
                        "cancel: If-Match not a version",
                        "POST",
                        "/api/orders/" + SOME_ID + "/cancel",
                        ALICE,
                        JSON,
                        "",
                        "If-Match:W/\"abc\"",
                        400,
                        "validation",
                        List.of("If-Match")),
                // products
                post(
                        "product: sku with SQL metacharacters",
                        "/api/products",
                        ADMIN,
                        product("X'; DROP TABLE products;--", "\"EUR\"", "100"),
                        400,
                        "validation",
                        "sku"),
                post(
                        "product: unknown currency format",
                        "/api/products",
                        ADMIN,
                        product("MUG-1", "\"eur\"", "100"),
                        400,
                        "validation",
                        "currency"),
                post(
                        "product: negative price",
                        "/api/products",
                        ADMIN,
                        product("MUG-1", "\"EUR\"", "-1"),
                        400,
                        "validation",
                        "priceCents"),
                post(
                        "product: price a word",
                        "/api/products",
                        ADMIN,
                        product("MUG-1", "\"EUR\"", "\"free\""),
                        400,
                        "validation",
                        "priceCents"),
                post(
                        "product: oversized name",
                        "/api/products",
                        ADMIN,
                        "{\"sku\":\"MUG-1\",\"name\":\""
                                + "n".repeat(201)
                                + "\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1}",
                        400,
                        "validation",
                        "name"),
                post(
                        "stock: delta missing",
                        "/api/products/" + SOME_ID + "/stock",
                        ADMIN,
                        "{}",
                        400,
                        "validation",
                        "delta"),
                post(
                        "stock: delta a word",
                        "/api/products/" + SOME_ID + "/stock",
                        ADMIN,
                        "{\"delta\":\"many\"}",
                        400,
                        "validation",
                        "delta"),
                post(
                        "stock: customer may not move stock",
                        "/api/products/" + SOME_ID + "/stock",
                        ALICE,
                        "{\"delta\":1}",
                        403,
                        "forbidden"),
                // documents
                post(
                        "document: missing title",
                        "/api/documents",
                        ALICE,
                        "{\"content\":\"x\"}",
                        400,
                        "validation",
                        "title"),
                post(
                        "document: oversized title",
                        "/api/documents",
                        ALICE,
                        "{\"title\":\"" + "t".repeat(201) + "\",\"content\":\"x\"}",
                        400,
                        "validation",
                        "title"),
                new Bad(
                        "document: PUT without version",
                        "PUT",
                        "/api/documents/" + SOME_ID,
                        ALICE,
                        JSON,
                        "{\"title\":\"t\",\"content\":\"x\"}",
                        null,
                        400,
                        "validation",
                        List.of("version")),
                new Bad(
                        "document: PUT negative version",
                        "PUT",
                        "/api/documents/" + SOME_ID,
                        ALICE,
                        JSON,
                        "{\"title\":\"t\",\"content\":\"x\",\"version\":-1}",
                        null,
                        400,
                        "validation",
                        List.of("version")),
                new Bad(
                        "document: PUT version a word",
                        "PUT",
                        "/api/documents/" + SOME_ID,
                        ALICE,
                        JSON,
                        "{\"title\":\"t\",\"content\":\"x\",\"version\":\"latest\"}",
                        null,
                        400,
                        "validation",
                        List.of("version")),
                // audit and reports
                get("audit: unknown table", "/api/audit?table=users", ADMIN, 400, "table"),
                get(
                        "audit: table SQL injection",
                        "/api/audit?table=orders%3B%20drop%20table%20orders",
                        ADMIN,
                        400,
                        "table"),
                get("audit: customer may not read", "/api/audit?table=orders", ALICE, 403, null),
                get(
                        "report: unparseable date",
                        "/api/reports/sales?from=2024-13-45",
                        ADMIN,
                        400,
                        "from"),
                get(
                        "report: from after to",
                        "/api/reports/sales?from=2024-02-01&to=2024-01-01",
                        ADMIN,
                        400,
                        "from"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isA4xxProblemNamingTheFieldsAndNeverA500(Bad bad) {
        HttpRequest.Builder request = api.request(bad.path(), bad.token());
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        if (bad.header() != null) {
            int colon = bad.header().indexOf(':');
            request.header(bad.header().substring(0, colon), bad.header().substring(colon + 1));
        }
        request.method(
                bad.method(),
                bad.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(bad.body(), StandardCharsets.UTF_8));

        Reply reply = api.send(request);

        assertThat(reply.status()).as("%s: %s", bad, reply).isEqualTo(bad.status());
        assertThat(reply.contentType()).as("%s", bad).startsWith(PROBLEM_JSON);
        if (bad.type() != null) {
            assertThat(reply.json().path("type").asString())
                    .as("%s: %s", bad, reply)
                    .isEqualTo(TYPES + bad.type());
        }
        if (!bad.fields().isEmpty()) {
            assertThat(errorFields(reply)).as("%s: %s", bad, reply).containsAll(bad.fields());
        }
        assertThat(
                        jdbc.sql(
                                        "select (select count(*) from orders) + (select count(*) from products)"
                                                + " + (select count(*) from documents) + (select count(*) from outbox_events)")
                                .query(Long.class)
                                .single())
                .as("%s wrote nothing", bad)
                .isZero();
    }

    private static Bad post(
            String name,
            String path,
            String token,
            String body,
            int status,
            String type,
            String... fields) {
        return new Bad(
                name, "POST", path, token, JSON, body, null, status, type, Arrays.asList(fields));
    }

    private static Bad get(String name, String path, String token, int status, String field) {
        return new Bad(
                name,
                "GET",
                path,
                token,
                null,
                null,
                null,
                status,
                status == 400 ? "validation" : "forbidden",
                field == null ? List.of() : List.of(field));
    }

    private static String order(String email, String... lines) {
        return "{\"customerEmail\":\"" + email + "\",\"items\":[" + String.join(",", lines) + "]}";
    }

    private static String line(String productId, String quantity) {
        return "{\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}";
    }

    private static String product(String sku, String currency, String price) {
        return "{\"sku\":\""
                + sku.replace("\"", "\\\"")
                + "\",\"name\":\"Mug\",\"priceCents\":"
                + price
                + ",\"currency\":"
                + currency
                + ",\"stock\":1}";
    }

    private static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }
}
