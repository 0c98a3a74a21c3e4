package io.outboxfleet.command.webhookendpoint;

import java.security.SecureRandom;
import java.util.Base64;

/** Signing secrets in the Standard Webhooks format: {@code whsec_} + base64 of 24 random bytes. */
final class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    static String generate() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
