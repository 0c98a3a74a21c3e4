package io.outboxfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad input at every endpoint of both HTTP services, generated from each endpoint's valid request:
 * malformed JSON, wrong types, numbers past what the database holds, NUL and lone surrogates,
 * duplicate keys, deep nesting, unknown fields, raw bytes and line breaks in headers, oversized
 * headers, malformed paths and query strings, broken tokens and signatures. Each is sent over a raw
 * socket to the real process and must be answered with a 4xx {@code application/problem+json}
 * (never a 5xx, never an HTML page, never a stack trace) and write nothing.
 */
class BadInputIT {

    private static final String[] COMMAND_TABLES = {
        "products",
        "orders",
        "order_items",
        "documents",
        "outbox_events",
        "idempotency_keys",
        "webhook_endpoints",
        "payment_events",
        "audit_logs"
    };

    /** Fields a request may leave out, so leaving them out is not bad input. */
    private static final java.util.Set<String> OPTIONAL_FIELDS =
            java.util.Set.of("description", "eventTypes");

    /** Arrays that may be empty: no event types subscribes an endpoint to every type. */
    private static final java.util.Set<String> MAY_BE_EMPTY = java.util.Set.of("eventTypes");

    private static Fleet fleet;
    private static String admin;
    private static String customer;
    private static String ops;
    private static String productId;
    private static String orderId;
    private static String documentId;

    /**
     * One endpoint with a request it accepts, from which the bad ones are made: the body's
     * top-level fields in order, each with its JSON value as written.
     */
    private record Endpoint(
            String service, String method, String path, String token, List<String[]> fields) {
        String validBody() {
            return render(fields);
        }
    }

    /**
     * Stands for the bytes of a lone surrogate encoded as if it were a character (invalid UTF-8).
     */
    private static final String RAW_SURROGATE = "@@RAW-SURROGATE@@";

    /** One bad request and the service it goes to. */
    private record Case(String name, String baseUrl, byte[] head, byte[] body) {}

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.get();
        Api api = new Api(fleet.commandService.baseUrl());
        admin = DevTokens.token("bad-input-admin", "admin");
        customer = DevTokens.token("bad-input", "customer");
        ops = DevTokens.token("bad-input-ops", "ops");
        Api.Response product =
                api.post(
                        "/api/products",
                        admin,
                        """
                {"sku": "BAD-%s", "name": "Target", "priceCents": 100, "currency": "EUR", "stock": 100}
                """
                                .formatted(UUID.randomUUID()));
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        productId = product.read("$.id");
        Api.Response order =
                api.post(
                        "/api/orders",
                        customer,
                        """
                {"customerEmail": "bad-input@example.com", "items": [{"productId": "%s", "quantity": 1}]}
                """
                                .formatted(productId));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        orderId = order.read("$.id");
        Api.Response document =
                api.post("/api/documents", customer, "{\"title\": \"t\", \"content\": \"c\"}");
        assertThat(document.status()).as(document.body()).isEqualTo(201);
        documentId = document.read("$.id");
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsA4xxProblemAndWritesNothing() {
        List<Case> cases = cases();
        assertThat(cases).as("generated cases").hasSizeGreaterThan(100);
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertRefusedCleanly(c)));
    }

    private static void assertRefusedCleanly(Case c) {
        Map<String, Long> before = rowCounts();
        RawHttp.Answer answer = RawHttp.send(c.baseUrl(), c.head(), c.body());
        assertThat(answer.status()).as(c.name() + ": " + answer.body()).isBetween(400, 499);
        assertThat(answer.contentType())
                .as(c.name() + ": content type of " + answer.body())
                .startsWith("application/problem+json");
        assertThat(answer.body()).as(c.name()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(rowCounts()).as(c.name() + ": rows written").isEqualTo(before);
    }

    private static List<Case> cases() {
        String command = fleet.commandService.baseUrl();
        List<Endpoint> endpoints =
                List.of(
                        new Endpoint(
                                command,
                                "POST",
                                "/api/products",
                                admin,
                                fields(
                                        "sku", "\"NEW-1\"",
                                        "name", "\"N\"",
                                        "priceCents", "100",
                                        "currency", "\"EUR\"",
                                        "stock", "1")),
                        new Endpoint(
                                command,
                                "POST",
                                "/api/products/" + productId + "/stock",
                                admin,
                                fields("delta", "1")),
                        new Endpoint(
                                command,
                                "POST",
                                "/api/orders",
                                customer,
                                fields(
                                        "customerEmail",
                                        "\"bad-input@example.com\"",
                                        "items",
                                        "[{\"productId\": \""
                                                + productId
                                                + "\", \"quantity\": 1}]")),
                        new Endpoint(
                                command,
                                "POST",
                                "/api/documents",
                                customer,
                                fields("title", "\"t\"", "content", "\"c\"")),
                        new Endpoint(
                                command,
                                "PUT",
                                "/api/documents/" + documentId,
                                customer,
                                fields("title", "\"t\"", "content", "\"c\"", "version", "0")),
                        new Endpoint(
                                command,
                                "POST",
                                "/api/webhook-endpoints",
                                admin,
                                fields(
                                        "url", "\"http://127.0.0.1:9/hook\"",
                                        "eventTypes", "[\"order.created\"]",
                                        "description", "\"d\"")));
        List<Case> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, String> body : badBodies(endpoint.fields()).entrySet()) {
                cases.add(
                        jsonCase(
                                endpoint.method() + " " + endpoint.path() + " " + body.getKey(),
                                endpoint,
                                body.getValue(),
                                ""));
            }
        }
        Endpoint orders = endpoints.get(2);
        cases.add(
                jsonCase(
                        "order with raw UTF-8 bytes in Idempotency-Key",
                        orders,
                        orders.validBody(),
                        "Idempotency-Key: "
                                + new String(
                                        "clé-ü-✓".getBytes(StandardCharsets.UTF_8),
                                        StandardCharsets.ISO_8859_1)
                                + "\r\n"));
        cases.add(
                jsonCase(
                        "order with a bare LF inside a header",
                        orders,
                        orders.validBody(),
                        "X-Note: a\nb\r\n"));
        cases.add(
                jsonCase(
                        "order with a 64 KiB header",
                        orders,
                        orders.validBody(),
                        "X-Big: " + "a".repeat(65536) + "\r\n"));
        cases.add(
                jsonCase(
                        "order with a 2 MiB body",
                        orders,
                        "{\"customerEmail\": \"" + "a".repeat(2 << 20) + "\"}",
                        ""));
        cases.add(
                jsonCase(
                        "order as text/plain",
                        new Endpoint(command, "POST", "/api/orders", customer, List.of()),
                        orders.validBody(),
                        "Content-Type: text/plain\r\n"));
        for (String token :
                List.of(
                        "not-a-jwt",
                        "a.b.c",
                        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                        "x".repeat(9000),
                        new String(
                                "tökén".getBytes(StandardCharsets.UTF_8),
                                StandardCharsets.ISO_8859_1))) {
            cases.add(
                    jsonCase(
                            "order with a broken token (" + token.length() + " chars)",
                            new Endpoint(command, "POST", "/api/orders", token, List.of()),
                            orders.validBody(),
                            ""));
        }
        for (String target :
                List.of(
                        "/api/orders/not-a-uuid",
                        "/api/orders/%00",
                        "/api/orders/..%2f..%2fetc",
                        "/api/orders?limit=abc",
                        "/api/orders?limit=99999999999999999999",
                        "/api/orders?status=%3Cscript%3E",
                        "/api/orders?cursor=%27%20or%201%3D1",
                        "/api/products/%ZZ",
                        "/api/documents/" + UUID.randomUUID(),
                        "/api/audit?table=orders;drop",
                        "/api/reports/sales?from=yesterday",
                        "/api/changes?table=secrets")) {
            String token =
                    target.startsWith("/api/audit") || target.contains("reports")
                            ? admin
                            : customer;
            cases.add(
                    new Case(
                            "GET " + target,
                            command,
                            RawHttp.head(
                                    "GET",
                                    target,
                                    "Authorization: Bearer " + token + "\r\n",
                                    new byte[0]),
                            new byte[0]));
        }
        cases.add(
                new Case(
                        "cancel with a malformed If-Match",
                        command,
                        RawHttp.head(
                                "POST",
                                "/api/orders/" + orderId + "/cancel",
                                "Authorization: Bearer "
                                        + customer
                                        + "\r\nIf-Match: \"v\u00ff\"\r\n",
                                new byte[0]),
                        new byte[0]));
        cases.addAll(paymentCases(command));
        cases.addAll(opsCases(fleet.workers.baseUrl()));
        return cases;
    }

    /** Bad variants of a valid JSON object: every field broken in every way, and the whole. */
    private static Map<String, String> badBodies(List<String[]> fields) {
        String valid = render(fields);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("truncated JSON", valid.substring(0, valid.length() / 2));
        bodies.put("trailing comma", valid.substring(0, valid.length() - 1) + ",}");
        bodies.put("array instead of object", "[" + valid + "]");
        bodies.put("null", "null");
        bodies.put("a bare string", "\"x\"");
        bodies.put("NUL byte outside strings", valid.replaceFirst(":", ":\u0000"));
        bodies.put("unknown field", render(with(fields, -1, "isAdmin", "true")));
        bodies.put(
                "deep nesting",
                render(with(fields, -1, "deep", "[".repeat(10_000) + "]".repeat(10_000))));
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i)[0];
            String value = fields.get(i)[1];
            List<String[]> duplicated = new ArrayList<>(fields);
            duplicated.add(0, new String[] {field, value});
            bodies.put(field + " duplicated", render(duplicated));
            if (!OPTIONAL_FIELDS.contains(field)) {
                bodies.put(field + " missing", render(without(fields, i)));
            }
            bodies.put(field + " as object", render(with(fields, i, field, "{}")));
            bodies.put(field + " as boolean", render(with(fields, i, field, "true")));
            if (value.startsWith("\"")) {
                bodies.put(field + " as number", render(with(fields, i, field, "12")));
                bodies.put(field + " with NUL", render(with(fields, i, field, "\"a\\u0000b\"")));
                bodies.put(
                        field + " with an escaped lone surrogate",
                        render(with(fields, i, field, "\"a\\ud800b\"")));
                bodies.put(
                        field + " with a raw lone surrogate",
                        render(with(fields, i, field, "\"a" + RAW_SURROGATE + "b\"")));
            } else if (!value.startsWith("[")) {
                bodies.put(field + " as text", render(with(fields, i, field, "\"ten\"")));
                bodies.put(
                        field + " past 2^63",
                        render(with(fields, i, field, "9223372036854775808")));
                bodies.put(
                        field + " below -2^63",
                        render(with(fields, i, field, "-9223372036854775809")));
                bodies.put(field + " 1e400", render(with(fields, i, field, "1e400")));
                bodies.put(field + " fractional", render(with(fields, i, field, "1.5")));
            } else {
                if (!MAY_BE_EMPTY.contains(field)) {
                    bodies.put(field + " empty", render(with(fields, i, field, "[]")));
                }
                bodies.put(field + " of nulls", render(with(fields, i, field, "[null]")));
            }
        }
        return bodies;
    }

    private static List<String[]> fields(String... namesAndValues) {
        List<String[]> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
        }
        return fields;
    }

    /** The fields with the one at {@code index} replaced (or, at -1, one added at the end). */
    private static List<String[]> with(
            List<String[]> fields, int index, String name, String value) {
        List<String[]> changed = new ArrayList<>(fields);
        if (index < 0) {
            changed.add(new String[] {name, value});
        } else {
            changed.set(index, new String[] {name, value});
        }
        return changed;
    }

    private static List<String[]> without(List<String[]> fields, int index) {
        List<String[]> changed = new ArrayList<>(fields);
        changed.remove(index);
        return changed;
    }

    private static String render(List<String[]> fields) {
        List<String> members = new ArrayList<>();
        for (String[] field : fields) {
            members.add("\"" + field[0] + "\": " + field[1]);
        }
        return "{" + String.join(", ", members) + "}";
    }

    private static Case jsonCase(String name, Endpoint endpoint, String body, String extraHeaders) {
        byte[] bytes = utf8WithRawSurrogates(body);
        String headers =
                "Authorization: Bearer "
                        + endpoint.token()
                        + "\r\n"
                        + (extraHeaders.contains("Content-Type")
                                ? ""
                                : "Content-Type: application/json\r\n")
                        + extraHeaders;
        return new Case(
                name,
                endpoint.service(),
                RawHttp.head(endpoint.method(), endpoint.path(), headers, bytes),
                bytes);
    }

    /** UTF-8, except that each {@link #RAW_SURROGATE} becomes the bytes ED A0 80. */
    private static byte[] utf8WithRawSurrogates(String body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String[] parts = body.split(RAW_SURROGATE, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            }
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static List<Case> paymentCases(String command) {
        String valid =
                """
                {"id": "evt_%s", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1", "amount": 100, "currency": "eur", "metadata": {"order_id": "%s"}}}}"""
                        .formatted(UUID.randomUUID().toString().replace("-", ""), orderId);
        long now = Instant.now().getEpochSecond();
        List<Case> cases = new ArrayList<>();
        Map<String, String> signatures = new LinkedHashMap<>();
        signatures.put("no signature", "");
        signatures.put("t not a number", "Stripe-Signature: t=abc,v1=00\r\n");
        signatures.put("t past 2^63", "Stripe-Signature: t=99999999999999999999,v1=00\r\n");
        signatures.put("garbage header", "Stripe-Signature: ;;;,,,===\r\n");
        signatures.put(
                "signed a day ahead", "Stripe-Signature: " + sign(valid, now + 86_400) + "\r\n");
        signatures.put(
                "signed ten years ahead",
                "Stripe-Signature: " + sign(valid, now + 315_360_000L) + "\r\n");
        signatures.put(
                "signed an hour ago", "Stripe-Signature: " + sign(valid, now - 3600) + "\r\n");
        signatures.put(
                "wrong secret", "Stripe-Signature: t=" + now + ",v1=" + "ab".repeat(32) + "\r\n");
        for (Map.Entry<String, String> signature : signatures.entrySet()) {
            cases.add(
                    rawPayment(
                            "payment, " + signature.getKey(),
                            command,
                            valid,
                            signature.getValue()));
        }
        for (Map.Entry<String, String> body :
                Map.of(
                                "event id with NUL", valid.replace("\"evt_", "\"evt_\\u0000"),
                                "event id with a lone surrogate",
                                        valid.replace("\"evt_", "\"evt_\\ud800"),
                                "duplicate id keys",
                                        valid.replaceFirst("\\{", "{\"id\": \"evt_other\", "),
                                "not JSON", "amount=100&currency=eur")
                        .entrySet()) {
            cases.add(
                    rawPayment(
                            "payment, signed, " + body.getKey(),
                            command,
                            body.getValue(),
                            "Stripe-Signature: " + sign(body.getValue(), now) + "\r\n"));
        }
        return cases;
    }

    private static Case rawPayment(String name, String command, String body, String signature) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new Case(
                name,
                command,
                RawHttp.head(
                        "POST",
                        "/webhooks/payments",
                        "Content-Type: application/json\r\n" + signature,
                        bytes),
                bytes);
    }

    private static List<Case> opsCases(String workers) {
        List<Case> cases = new ArrayList<>();
        for (String[] request :
                new String[][] {
                    {"GET", "/ops/dead-letters?limit=abc", ops},
                    {"GET", "/ops/deliveries?eventId=not-a-uuid", ops},
                    {"GET", "/ops/deliveries?eventId=%00", ops},
                    {"POST", "/ops/dead-letters/not-a-uuid/replay", ops},
                    {"POST", "/ops/dead-letters/" + UUID.randomUUID() + "/replay", ops},
                    {"GET", "/ops/dead-letters", customer},
                    {"GET", "/ops/dead-letters", "not-a-jwt"},
                    {"GET", "/ops/dead-letters/%ZZ", ops}
                }) {
            cases.add(
                    new Case(
                            "workers " + request[0] + " " + request[1],
                            workers,
                            RawHttp.head(
                                    request[0],
                                    request[1],
                                    "Authorization: Bearer " + request[2] + "\r\n",
                                    new byte[0]),
                            new byte[0]));
        }
        return cases;
    }

    private static String sign(String body, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(
                    new SecretKeySpec(
                            Fleet.PAYMENTS_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature =
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = fleet.postgres.superuserConnection();
                Statement s = c.createStatement()) {
            for (String table : COMMAND_TABLES) {
                try (ResultSet rows = s.executeQuery("select count(*) from " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
