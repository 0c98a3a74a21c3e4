package io.outboxfleet.command.testing;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The payment provider's side: signed {@code payment_intent.succeeded} deliveries. */
public final class PaymentProvider {

    private final Api api;
    private final String secret;

    public PaymentProvider(Api api, String secret) {
        this.api = api;
        this.secret = secret;
    }

    /** Delivers a signed success for the order, as the provider would. */
    public Api.Reply succeeded(String eventId, String orderId, long amountCents) {
        return deliver(
                "{\"id\":\""
                        + eventId
                        + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                        + "\"data\":{\"object\":{\"id\":\"pi_"
                        + eventId
                        + "\",\"object\":\"payment_intent\",\"amount\":"
                        + amountCents
                        + ",\"currency\":\"eur\",\"metadata\":{\"order_id\":\""
                        + orderId
                        + "\"}}}}");
    }

    /** Delivers any body, signed with the provider's secret at the current time. */
    public Api.Reply deliver(String body) {
        long timestamp = Instant.now().getEpochSecond();
        return api.send(
                api.request("/webhooks/payments", null)
                        .header("Content-Type", "application/json")
                        .header(
                                "Stripe-Signature",
                                "t=" + timestamp + ",v1=" + hmac(timestamp + "." + body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
