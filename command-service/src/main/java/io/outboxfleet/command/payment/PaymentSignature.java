package io.outboxfleet.command.payment;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.outboxfleet.command.web.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Verifies {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]} over the raw body exactly as
 * the provider specifies, with the provider's own SDK: HMAC-SHA256 of {@code "<t>.<body>"} keyed by
 * the webhook secret, any one {@code v1} may match (secret rotation), compared in constant time,
 * and {@code t} within the tolerance of this service's clock in either direction (the SDK alone
 * accepts any future timestamp). Every refusal, also of a header that does not parse, is a 400
 * {@code invalid-signature} problem with one log line, never another exception.
 */
final class PaymentSignature {

    private static final Logger log = LoggerFactory.getLogger(PaymentSignature.class);

    /** Several v1 signatures fit in far less; a longer header is not a provider's. */
    private static final int MAX_HEADER_CHARS = 2048;

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;

    PaymentSignature(String secret, long toleranceSeconds, Clock clock) {
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /**
     * @throws ApiProblem 400 {@code invalid-signature} when the header is missing or malformed, no
     *     {@code v1} matches, or the timestamp is outside the tolerance
     */
    void verify(byte[] rawBody, String header) {
        if (header == null || header.isBlank()) {
            throw refused("the Stripe-Signature header is missing");
        }
        if (header.length() > MAX_HEADER_CHARS) {
            throw refused("the Stripe-Signature header is too long");
        }
        long signedAt = timestamp(header);
        long now = clock.instant().getEpochSecond();
        // the SDK refuses only old timestamps; one from the future is refused here too
        if (Math.abs(now - signedAt) > toleranceSeconds) {
            throw refused(
                    "the signed timestamp is more than "
                            + toleranceSeconds
                            + " s away from now ("
                            + (signedAt - now)
                            + " s)");
        }
        // decoded outside the try below, so that its own refusal is not retold as a malformed
        // header
        String body = strictUtf8(rawBody);
        try {
            Webhook.Signature.verifyHeader(body, header, secret, toleranceSeconds, clock);
        } catch (SignatureVerificationException e) {
            throw refused(e.getMessage());
        } catch (RuntimeException e) {
            // whatever else the SDK's parser trips on is a malformed header, not a server error
            throw refused("the Stripe-Signature header is malformed");
        }
    }

    /**
     * The one {@code t=} of the header: 1 to 12 decimal digits (unix seconds until the year 33658),
     * so that it always parses; anything else is a malformed header.
     */
    private static long timestamp(String header) {
        String found = null;
        for (String part : header.split(",", -1)) {
            String item = part.strip();
            if (item.startsWith("t=")) {
                if (found != null) {
                    throw refused("the Stripe-Signature header has two t=");
                }
                found = item.substring(2);
            }
        }
        if (found == null || !TIMESTAMP.matcher(found).matches()) {
            throw refused("the Stripe-Signature header has no valid t=<unix seconds>");
        }
        return Long.parseLong(found);
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
            throw refused("the body is not UTF-8");
        }
    }

    /** The request does not carry a valid, fresh signature of its body. */
    private static ApiProblem refused(String reason) {
        log.warn("payment webhook refused: {}", reason);
        return new ApiProblem(
                HttpStatus.BAD_REQUEST, "invalid-signature", "Invalid signature", reason);
    }
}
