package io.outboxfleet.command.webhookendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    @Test
    void aSecretIsWhsecFollowedByTheBase64Of24RandomBytes() {
        String secret = WebhookSecrets.generate();

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
        assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
    }
}
