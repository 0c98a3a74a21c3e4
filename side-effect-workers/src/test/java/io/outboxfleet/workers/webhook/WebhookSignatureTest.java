package io.outboxfleet.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification and its reference libraries. */
    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        String signature =
                WebhookSignature.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330L,
                        "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void dependsOnIdTimestampAndBody() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String base = WebhookSignature.sign(secret, "id", 1L, "{}");

        assertThat(WebhookSignature.sign(secret, "id2", 1L, "{}")).isNotEqualTo(base);
        assertThat(WebhookSignature.sign(secret, "id", 2L, "{}")).isNotEqualTo(base);
        assertThat(WebhookSignature.sign(secret, "id", 1L, "{ }")).isNotEqualTo(base);
    }

    @Test
    void refusesASecretWithoutThePrefix() {
        assertThatThrownBy(
                        () ->
                                WebhookSignature.sign(
                                        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", 1L, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_");
    }
}
