package io.outboxfleet.command.webhookendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.security.secret.SecretBox;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhook secrets are stored sealed with FLEET_SECRETS_KEY (AES-GCM, key id): the table never holds
 * a usable secret, rows from before are sealed at start (issue 14).
 */
class WebhookSecretsAtRestIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");
    private final SecretBox box = SecretBox.of(SECRETS_KEY);

    @Autowired WebhookSecretSealing sealing;

    @Test
    void aRegisteredSecretIsStoredSealed() {
        Reply created =
                api.post("/api/webhook-endpoints", admin, Map.of("url", "https://93.184.215.14/a"));
        String secret = created.json().path("secret").asString();

        String stored = column("secret");

        assertThat(stored)
                .startsWith("sbx1:t1:")
                .doesNotContain(secret)
                .doesNotContain(secret.substring(6));
        assertThat(box.open(stored)).isEqualTo(secret);
    }

    @Test
    void aRotationKeepsBothSecretsSealed() {
        Reply created =
                api.post("/api/webhook-endpoints", admin, Map.of("url", "https://93.184.215.14/a"));
        String first = created.json().path("secret").asString();

        Reply rotated =
                api.post(
                        "/api/webhook-endpoints/"
                                + created.json().path("id").asString()
                                + "/rotate-secret",
                        admin,
                        "");

        String second = rotated.json().path("secret").asString();
        assertThat(box.open(column("secret"))).isEqualTo(second);
        assertThat(box.open(column("previous_secret"))).isEqualTo(first);
        assertThat(column("secret") + column("previous_secret"))
                .doesNotContain(first)
                .doesNotContain(second);
    }

    @Test
    void plaintextRowsFromBeforeAreSealedAtStart() {
        jdbc.sql(
                        """
                insert into webhook_endpoints (url, secret, previous_secret)
                values ('https://93.184.215.14/old', 'whsec_b2xk', 'whsec_b2xkZXI=')""")
                .update();

        assertThat(sealing.sealAll()).isEqualTo(1);

        assertThat(column("secret")).startsWith("sbx1:t1:");
        assertThat(box.open(column("secret"))).isEqualTo("whsec_b2xk");
        assertThat(box.open(column("previous_secret"))).isEqualTo("whsec_b2xkZXI=");
        assertThat(sealing.sealAll()).as("idempotent").isZero();
    }

    private String column(String name) {
        return jdbc.sql("select " + name + " from webhook_endpoints").query(String.class).single();
    }
}
