package io.outboxfleet.command.payment;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Verifies {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]} over the raw body exactly as
 * the provider specifies, with the provider's own SDK: HMAC-SHA256 of {@code "<t>.<body>"} keyed by
 * the webhook secret, any one {@code v1} may match (secret rotation), compared in constant time,
 * and {@code t} within the tolerance of this service's clock.
 */
final class PaymentSignature {

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;

    PaymentSignature(String secret, long toleranceSeconds, Clock clock) {
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /**
     * @throws InvalidSignatureException when the header is missing or malformed, no {@code v1}
     *     matches, or the timestamp is outside the tolerance
     */
    void verify(byte[] rawBody, String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("the Stripe-Signature header is missing");
        }
        try {
            Webhook.Signature.verifyHeader(
                    strictUtf8(rawBody), header, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidSignatureException(e.getMessage());
        }
    }

    /**
     * The SDK signs text; a body that is not exact UTF-8 would not round-trip to the signed bytes.
     */
    private static String strictUtf8(byte[] rawBody) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(rawBody))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSignatureException("the body is not UTF-8");
        }
    }

    /** The request does not carry a valid, fresh signature of its body. */
    static final class InvalidSignatureException extends RuntimeException {
        InvalidSignatureException(String message) {
            super(message);
        }
    }
}
