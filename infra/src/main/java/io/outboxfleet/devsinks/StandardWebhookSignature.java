package io.outboxfleet.devsinks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code v1,<base64 HMAC-SHA256 of
 * "{webhook-id}.{webhook-timestamp}.{body}">}, keyed by the base64-decoded part of the endpoint's
 * {@code whsec_} secret. The {@code webhook-signature} header may carry several space-separated
 * signatures (during secret rotation); one match is enough.
 *
 * <p>Checks the signature only, not the timestamp's age: replay protection is the receiver's
 * business and this one is a demo.
 */
final class StandardWebhookSignature {

    private static final String SECRET_PREFIX = "whsec_";

    private StandardWebhookSignature() {}

    /** The header value {@code v1,<base64>} for this message. */
    static String sign(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id, timestamp, body));
    }

    /**
     * Whether any {@code v1} signature in {@code signatureHeader} matches. False for a missing
     * header or a secret that is not {@code whsec_<base64>}; never throws.
     */
    static boolean verify(
            String secret, String id, String timestamp, byte[] body, String signatureHeader) {
        if (signatureHeader == null || id == null || timestamp == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = hmac(secret, id, timestamp, body);
        } catch (IllegalArgumentException badSecret) {
            return false;
        }
        for (String candidate : signatureHeader.trim().split("\\s+")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(3));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String id, String timestamp, byte[] body) {
        String trimmed = secret.trim();
        if (!trimmed.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException(
                    "webhook secret does not start with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(trimmed.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
