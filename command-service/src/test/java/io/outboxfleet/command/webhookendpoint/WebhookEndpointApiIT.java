package io.outboxfleet.command.webhookendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookEndpointApiIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");

    @Test
    void registrationHandsOutTheSecretOnce() {
        Reply created =
                api.post(
                        "/api/webhook-endpoints",
                        admin,
                        Map.of(
                                "url",
                                "https://93.184.215.14/fleet",
                                "eventTypes",
                                List.of("order.created", "order.paid"),
                                "description",
                                "shop"));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/api/webhook-endpoints/" + id));
        assertThat(created.json().path("url").asString()).isEqualTo("https://93.184.215.14/fleet");
        assertThat(created.json().path("eventTypes").valueStream().map(n -> n.asString()))
                .containsExactly("order.created", "order.paid");
        assertThat(created.json().path("description").asString()).isEqualTo("shop");
        String secret = created.json().path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(24);

        Reply one = api.get("/api/webhook-endpoints/" + id, admin);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("url").asString()).isEqualTo("https://93.184.215.14/fleet");
        assertThat(one.json().has("secret")).isFalse();

        Reply all = api.get("/api/webhook-endpoints", admin);
        assertThat(all.json().size()).isEqualTo(1);
        assertThat(all.json().get(0).has("secret")).isFalse();
        assertThat(all.raw()).doesNotContain(secret);
    }

    @Test
    void eachEndpointGetsItsOwnSecret() {
        Map<String, Object> body = Map.of("url", "http://203.0.113.7:9999/hook");
        String first =
                api.post("/api/webhook-endpoints", admin, body).json().path("secret").asString();
        String second =
                api.post("/api/webhook-endpoints", admin, body).json().path("secret").asString();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void deleteRemovesTheEndpoint() {
        String id =
                api.post("/api/webhook-endpoints", admin, Map.of("url", "https://93.184.215.14/a"))
                        .json()
                        .path("id")
                        .asString();

        assertThat(api.delete("/api/webhook-endpoints/" + id, admin).status()).isEqualTo(204);
        assertProblem(api.get("/api/webhook-endpoints/" + id, admin), 404, "not-found");
        assertProblem(api.delete("/api/webhook-endpoints/" + id, admin), 404, "not-found");
    }

    @Test
    void onlyHttpUrlsAndWellFormedEventTypesAreAccepted() {
        Reply ftp =
                api.post("/api/webhook-endpoints", admin, Map.of("url", "ftp://93.184.215.14/a"));
        assertProblem(ftp, 400, "validation");
        assertThat(errorFields(ftp)).containsExactly("url");

        Reply relative =
                api.post(
                        "/api/webhook-endpoints",
                        admin,
                        Map.of("url", "/just/a/path", "eventTypes", List.of("OrderCreated")));
        assertProblem(relative, 400, "validation");
        assertThat(errorFields(relative)).containsExactlyInAnyOrder("url", "eventTypes[0]");

        assertThat(jdbc.sql("select count(*) from webhook_endpoints").query(Long.class).single())
                .isZero();
    }

    @Test
    void customersCannotManageEndpoints() {
        Reply reply =
                api.post(
                        "/api/webhook-endpoints",
                        Tokens.of("alice", "customer"),
                        Map.of("url", "https://93.184.215.14/a"));

        assertProblem(reply, 403, "forbidden");
    }

    @Test
    void privateTargetsAreRefusedWhenNotAllowed() {
        for (String url :
                List.of(
                        "http://127.0.0.1:8080/hook",
                        "http://localhost/hook",
                        "http://10.0.0.5/hook",
                        "http://192.168.1.1/hook",
                        "http://169.254.169.254/latest/meta-data",
                        "http://[::1]/hook")) {
            Reply refused = api.post("/api/webhook-endpoints", admin, Map.of("url", url));
            assertProblem(refused, 400, "validation");
            assertThat(errorFields(refused)).as(url).containsExactly("url");
        }
        assertThat(jdbc.sql("select count(*) from webhook_endpoints").query(Long.class).single())
                .isZero();
    }

    @Test
    void rotatingTheSecretKeepsThePreviousOneForTheGraceWindow() {
        Reply created =
                api.post("/api/webhook-endpoints", admin, Map.of("url", "https://93.184.215.14/r"));
        String id = created.json().path("id").asString();
        String oldSecret = created.json().path("secret").asString();

        Reply rotated =
                api.post("/api/webhook-endpoints/" + id + "/rotate-secret", admin, Map.of());

        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        String newSecret = rotated.json().path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(
                        java.time.Instant.parse(
                                rotated.json().path("previousSecretExpiresAt").asString()))
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofHours(23)));
        Map<String, Object> stored =
                jdbc.sql(
                                "select secret, previous_secret from webhook_endpoints where id = :id::uuid")
                        .param("id", id)
                        .query()
                        .singleRow();
        // stored sealed (docs/security.md): opened with the tests' FLEET_SECRETS_KEY
        io.outboxfleet.security.secret.SecretBox box =
                io.outboxfleet.security.secret.SecretBox.of(SECRETS_KEY);
        assertThat(box.open((String) stored.get("secret"))).isEqualTo(newSecret);
        assertThat(box.open((String) stored.get("previous_secret"))).isEqualTo(oldSecret);
        assertProblem(
                api.post(
                        "/api/webhook-endpoints/" + java.util.UUID.randomUUID() + "/rotate-secret",
                        admin,
                        Map.of()),
                404,
                "not-found");
    }

    @Test
    void anEndpointDisabledByTheWorkersCanBeEnabledAgain() {
        String id =
                api.post(
                                "/api/webhook-endpoints",
                                admin,
                                Map.of(
                                        "url",
                                        "https://93.184.215.14/e",
                                        "eventTypes",
                                        List.of("order.paid")))
                        .json()
                        .path("id")
                        .asString();
        jdbc.sql(
                        """
                update webhook_endpoints set enabled = false, consecutive_failures = 50, disabled_at = now(),
                       disabled_reason = '50 consecutive failed deliveries' where id = :id::uuid""")
                .param("id", id)
                .update();
        Reply disabled = api.get("/api/webhook-endpoints/" + id, admin);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().path("disabledReason").asString())
                .contains("consecutive failed deliveries");

        Reply enabled = api.post("/api/webhook-endpoints/" + id + "/enable", admin, Map.of());

        assertThat(enabled.status()).as("%s", enabled).isEqualTo(200);
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("consecutiveFailures").asInt()).isZero();
        assertThat(enabled.json().path("eventTypes").valueStream().map(n -> n.asString()))
                .containsExactly("order.paid");
    }
}
