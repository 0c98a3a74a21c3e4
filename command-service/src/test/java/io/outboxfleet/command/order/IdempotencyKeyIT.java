package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Concurrently;
import io.outboxfleet.command.testing.Tokens;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IdempotencyKeyIT extends ApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = Tokens.of("root", "admin");
    private final String alice = Tokens.of("alice", "customer");
    private final String bob = Tokens.of("bob", "customer");

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
                                        100))
                        .json()
                        .path("id")
                        .asString();
    }

    @Test
    void aRepeatedKeyAnswersTheFirstAnswerAndCreatesNothing() {
        Reply first = place(alice, "key-1", 2);
        Reply repeat = place(alice, "key-1", 2);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.raw()).isEqualTo(first.raw());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(count("orders")).isEqualTo(1);
        assertThat(count("outbox_events")).isEqualTo(1);
        assertThat(stock()).isEqualTo(98);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        place(alice, "key-1", 2);

        Reply other = place(alice, "key-1", 3);

        assertProblem(other, 422, "idempotency-key-reused");
        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirUser() {
        Reply aliceOrder = place(alice, "shared-key", 1);
        Reply bobOrder = place(bob, "shared-key", 1);

        assertThat(bobOrder.status()).isEqualTo(201);
        assertThat(bobOrder.json().path("id").asString())
                .isNotEqualTo(aliceOrder.json().path("id").asString());
        assertThat(count("orders")).isEqualTo(2);
    }

    @Test
    void aFailedAttemptLeavesTheKeyFree() {
        assertProblem(place(alice, "key-2", 500), 409, "insufficient-stock");
        assertThat(place(alice, "key-2", 1).status()).isEqualTo(201);
    }

    @Test
    void tenConcurrentRequestsWithOneKeyCreateOneOrderAndGetTenIdenticalAnswers() {
        List<Reply> replies = Concurrently.run(10, i -> place(alice, "racing-key", 1));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
        assertThat(replies.stream().map(Reply::raw).distinct()).hasSize(1);
        assertThat(replies)
                .filteredOn(
                        r ->
                                r.headers()
                                        .firstValue("Idempotent-Replayed")
                                        .orElse("")
                                        .equals("false"))
                .hasSize(1);
        assertThat(count("orders")).isEqualTo(1);
        assertThat(count("outbox_events")).isEqualTo(1);
        assertThat(stock()).isEqualTo(99);
    }

    @Test
    void anInvalidKeyIs400() {
        assertProblem(place(alice, "x".repeat(256), 1), 400, "validation");
        assertThat(count("orders")).isZero();
    }

    private Reply place(String token, String key, int quantity) {
        String body =
                JSON.writeValueAsString(
                        Map.of(
                                "customerEmail",
                                Tokens.emailOf(token),
                                "items",
                                List.of(Map.of("productId", mug, "quantity", quantity))));
        return api.send(
                api.request("/api/orders", token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private int stock() {
        return jdbc.sql("select stock from products where id = ?::uuid")
                .param(mug)
                .query(Integer.class)
                .single();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
