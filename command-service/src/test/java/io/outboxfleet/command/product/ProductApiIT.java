package io.outboxfleet.command.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductApiIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");
    private final String customer = Tokens.of("alice", "customer");

    @Test
    void adminCreatesAProductAndEveryoneCanReadIt() {
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
                                7));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/products/" + id));
        assertThat(created.json().path("sku").asString()).isEqualTo("MUG-1");
        assertThat(created.json().path("name").asString()).isEqualTo("Mug");
        assertThat(created.json().path("priceCents").asLong()).isEqualTo(1250);
        assertThat(created.json().path("currency").asString()).isEqualTo("EUR");
        assertThat(created.json().path("stock").asInt()).isEqualTo(7);
        assertThat(created.json().has("version")).isTrue();

        Reply one = api.get("/api/products/" + id, customer);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(created.json());

        api.post(
                "/api/products",
                admin,
                Map.of(
                        "sku",
                        "CUP-1",
                        "name",
                        "Cup",
                        "priceCents",
                        300,
                        "currency",
                        "EUR",
                        "stock",
                        1));
        Reply all = api.get("/api/products", customer);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().valueStream().map(p -> p.path("sku").asString()))
                .containsExactly("CUP-1", "MUG-1");
    }

    @Test
    void duplicateSkuIsAConflict() {
        Map<String, Object> mug =
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
                        7);
        api.post("/api/products", admin, mug);

        Reply again = api.post("/api/products", admin, mug);

        assertProblem(again, 409, "duplicate-sku");
        assertThat(again.json().path("sku").asString()).isEqualTo("MUG-1");
        assertThat(jdbc.sql("select count(*) from products").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void unknownProductIs404AndAMalformedIdIs400() {
        assertProblem(
                api.get("/api/products/6b1f8f0e-8c7e-4d51-9d67-0a4b3c1e2f00", customer),
                404,
                "not-found");
        Reply malformed = api.get("/api/products/not-a-uuid", customer);
        assertProblem(malformed, 400, "validation");
        assertThat(errorFields(malformed)).containsExactly("id");
    }

    @Test
    void missingAndInvalidFieldsAreListed() {
        Reply reply =
                api.post("/api/products", admin, Map.of("priceCents", -1, "currency", "euro"));

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply))
                .containsExactlyInAnyOrder("currency", "name", "priceCents", "sku", "stock");
    }

    @Test
    void aWrongTypeIsA400NamingTheField() {
        Reply reply =
                api.post(
                        "/api/products",
                        admin,
                        "{\"sku\":\"A\",\"name\":\"A\",\"priceCents\":\"cheap\",\"currency\":\"EUR\",\"stock\":1}");

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).containsExactly("priceCents");
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() {
        Reply reply =
                api.post(
                        "/api/products",
                        admin,
                        "{\"sku\":\"A\",\"name\":\"A\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1,\"colour\":\"red\"}");

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).containsExactly("colour");
        assertThat(jdbc.sql("select count(*) from products").query(Long.class).single()).isZero();
    }

    @Test
    void onlyAdminsCreateProducts() {
        Reply reply =
                api.post(
                        "/api/products",
                        customer,
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
                                7));

        assertProblem(reply, 403, "forbidden");
        assertThat(jdbc.sql("select count(*) from products").query(Long.class).single()).isZero();
    }
}
