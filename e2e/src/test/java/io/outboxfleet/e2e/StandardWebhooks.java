package io.outboxfleet.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiving side of the Standard Webhooks signature, written from the spec, independent of the
 * workers.
 */
final class StandardWebhooks {

    private StandardWebhooks() {}

    static boolean verifies(
            String whsecSecret, String id, String timestamp, String body, String signatureHeader) {
        byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String expected =
                    Base64.getEncoder()
                            .encodeToString(
                                    mac.doFinal(
                                            (id + "." + timestamp + "." + body)
                                                    .getBytes(StandardCharsets.UTF_8)));
            return Arrays.stream(signatureHeader.split(" "))
                    .anyMatch(candidate -> candidate.equals("v1," + expected));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
