package io.outboxfleet.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a token must carry (docs/contract.md section 3), and what a 401 or 403 tells the caller. */
class TokenRulesIT extends ApiIntegrationTest {

    @Test
    void aTokenWithoutSubIs401NotA500() {
        String noSub =
                Tokens.withClaims(Tokens.claims().claim("roles", List.of("customer")).build());

        assertProblem(
                api.post("/api/documents", noSub, Map.of("title", "t", "content", "c")),
                401,
                "unauthorized");
        assertProblem(api.get("/api/changes?table=orders", noSub), 401, "unauthorized");
        assertThat(jdbc.sql("select count(*) from documents").query(Long.class).single()).isZero();
    }

    @Test
    void aBlankSubIs401() {
        String blank =
                Tokens.withClaims(
                        Tokens.claims().subject("  ").claim("roles", List.of("customer")).build());
        assertProblem(api.get("/api/products", blank), 401, "unauthorized");
    }

    @Test
    void aTokenWithoutExpIs401() {
        String forever =
                Tokens.withClaims(
                        Tokens.claims()
                                .expirationTime(null)
                                .subject("alice")
                                .claim("roles", List.of("admin"))
                                .build());

        assertProblem(api.get("/api/products", forever), 401, "unauthorized");
    }

    @Test
    void rolesAsOneStringGrantNothing() {
        String oneString =
                Tokens.withClaims(
                        Tokens.claims()
                                .subject("mallory")
                                .claim("roles", "customer admin ops")
                                .build());

        assertProblem(api.get("/api/webhook-endpoints", oneString), 403, "forbidden");
        assertProblem(api.get("/api/audit?table=orders", oneString), 403, "forbidden");
        assertProblem(api.get("/api/orders", oneString), 403, "forbidden");
    }

    @Test
    void unknownRolesGrantNothingAndKnownOnesStillCount() {
        String mixed =
                Tokens.withClaims(
                        Tokens.claims()
                                .subject("root")
                                .claim("roles", List.of("superuser", "admin", 7))
                                .build());

        assertThat(api.get("/api/webhook-endpoints", mixed).status()).isEqualTo(200);
        String unknown =
                Tokens.withClaims(
                        Tokens.claims()
                                .subject("eve")
                                .claim("roles", List.of("ROLE_admin"))
                                .build());
        assertProblem(api.get("/api/webhook-endpoints", unknown), 403, "forbidden");
    }

    @Test
    void aValidTokenWithoutAnyRoleMayNotListOrders() {
        String noRoles = Tokens.withClaims(Tokens.claims().subject("nobody").build());

        assertProblem(api.get("/api/orders", noRoles), 403, "forbidden");
        assertProblem(api.get("/api/orders", Tokens.of("olga", "ops")), 403, "forbidden");
        assertThat(api.get("/api/orders", Tokens.of("alice", "customer")).status()).isEqualTo(200);
    }

    @Test
    void a401SaysNothingAboutTheToken() {
        Reply expired = api.get("/api/products", Tokens.expired("alice", "customer"));

        assertProblem(expired, 401, "unauthorized");
        assertThat(expired.headers().allValues("WWW-Authenticate"))
                .allSatisfy(v -> assertThat(v).isEqualTo("Bearer"));
        assertThat(expired.raw()).doesNotContainIgnoringCase("expired").doesNotContain("Jwt");
    }

    @Test
    void aTokenNotYetValidIs401() {
        String future =
                Tokens.withClaims(
                        Tokens.claims()
                                .subject("alice")
                                .notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
                                .claim("roles", List.of("customer"))
                                .build());

        assertProblem(api.get("/api/products", future), 401, "unauthorized");
    }
}
