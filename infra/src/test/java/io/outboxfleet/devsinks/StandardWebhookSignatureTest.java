package io.outboxfleet.devsinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {

    // The example from the Standard Webhooks reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsLikeTheReferenceLibraries() {
        assertThat(StandardWebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void acceptsTheReferenceSignature() {
        assertThat(StandardWebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, SIGNATURE))
                .isTrue();
    }

    @Test
    void acceptsOneMatchAmongSeveralSignatures() {
        String header = "v1,bm90IGl0 " + SIGNATURE;
        assertThat(StandardWebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, header)).isTrue();
    }

    @Test
    void rejectsATamperedBodyIdOrTimestamp() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhookSignature.verify(SECRET, ID, TIMESTAMP, tampered, SIGNATURE))
                .isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, "msg_other", TIMESTAMP, BODY, SIGNATURE))
                .isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, "1614265331", BODY, SIGNATURE))
                .isFalse();
    }

    @Test
    void rejectsAnotherSecretAndMalformedInput() {
        assertThat(
                        StandardWebhookSignature.verify(
                                "whsec_c2VjcmV0", ID, TIMESTAMP, BODY, SIGNATURE))
                .isFalse();
        assertThat(StandardWebhookSignature.verify("not-a-whsec", ID, TIMESTAMP, BODY, SIGNATURE))
                .isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, null)).isFalse();
        assertThat(StandardWebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,%%%"))
                .isFalse();
        assertThat(
                        StandardWebhookSignature.verify(
                                SECRET, ID, TIMESTAMP, BODY, "v2," + SIGNATURE.substring(3)))
                .isFalse();
    }
}
