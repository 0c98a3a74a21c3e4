package io.outboxfleet.command.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Order emails go to the customer's own address (issue 14): the order's customerEmail must be the
 * token's email claim when it has one (admins excepted), and never holds control or bidi
 * characters.
 */
class OrderEmailRulesIT extends ApiIntegrationTest {

    private final String alice = Tokens.of("alice", "customer");
    private String productId;

    @BeforeEach
    void product() {
        Reply product =
                api.post(
                        "/api/products",
                        Tokens.of("root", "admin"),
                        Map.of(
                                "sku",
                                "MUG-1",
                                "name",
                                "Mug",
                                "priceCents",
                                100,
                                "currency",
                                "EUR",
                                "stock",
                                50));
        productId = product.json().path("id").asString();
    }

    @Test
    void aCustomerCannotHaveOrderMailSentToSomeoneElse() {
        Reply reply = api.post("/api/orders", alice, order("victim@example.com"));

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).containsExactly("customerEmail");
        assertThat(count()).isZero();
    }

    @Test
    void theTokensOwnAddressIsAcceptedWhateverItsCase() {
        assertThat(api.post("/api/orders", alice, order("alice@example.com")).status())
                .isEqualTo(201);
        assertThat(api.post("/api/orders", alice, order("Alice@Example.COM")).status())
                .isEqualTo(201);
    }

    @Test
    void aTokenWithoutEmailAndAnAdminCustomerMayNameAnyAddress() {
        String noEmail =
                Tokens.withClaims(
                        Tokens.claims()
                                .subject("dave")
                                .claim("roles", List.of("customer"))
                                .build());
        String adminCustomer = Tokens.of("root", "customer", "admin");

        assertThat(api.post("/api/orders", noEmail, order("dave@example.org")).status())
                .isEqualTo(201);
        assertThat(api.post("/api/orders", adminCustomer, order("someone@example.org")).status())
                .isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice\u202E@example.com",
                "ali\u200Bce@example.com",
                "alice@exa\u2066mple.com",
                "alice@example.com\u0007"
            })
    void controlAndBidiCharactersAreRefused(String email) {
        String token =
                Tokens.withClaims(
                        Tokens.claims().subject("eve").claim("roles", List.of("customer")).build());

        Reply reply = api.post("/api/orders", token, order(email));

        assertProblem(reply, 400, "validation");
        assertThat(errorFields(reply)).contains("customerEmail");
        assertThat(count()).isZero();
    }

    private Map<String, Object> order(String email) {
        return Map.of(
                "customerEmail",
                email,
                "items",
                List.of(Map.of("productId", productId, "quantity", 1)));
    }

    private long count() {
        return jdbc.sql("select count(*) from orders").query(Long.class).single();
    }
}
