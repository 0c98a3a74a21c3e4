package io.outboxfleet.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import org.junit.jupiter.api.Test;

class AuthenticationIT extends ApiIntegrationTest {

    @Test
    void noTokenIs401Problem() {
        Reply reply = api.get("/api/products", null);

        assertProblem(reply, 401, "unauthorized");
        assertThat(reply.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void expiredTokenIs401() {
        assertProblem(
                api.get("/api/products", Tokens.expired("alice", "customer")), 401, "unauthorized");
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() {
        assertProblem(
                api.get("/api/products", Tokens.signedWithOtherKey("alice", "admin")),
                401,
                "unauthorized");
    }

    @Test
    void garbageTokenIs401() {
        assertProblem(api.get("/api/products", "not.a.jwt"), 401, "unauthorized");
    }

    @Test
    void validTokenWithoutTheRoleIs403() {
        assertProblem(
                api.get("/api/webhook-endpoints", Tokens.of("alice", "customer")),
                403,
                "forbidden");
        assertProblem(api.post("/api/orders", Tokens.of("olga", "ops"), "{}"), 403, "forbidden");
    }

    @Test
    void healthAndMetricsAreOpen() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).json().path("status").asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).json().path("status").asString())
                .isEqualTo("UP");
        Reply metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("jvm_memory_used_bytes");
    }
}
