package io.outboxfleet.command.payment;

import io.outboxfleet.command.tracing.CurrentTrace;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/payments}: the payment provider's events (docs/contract.md section 8). The
 * raw body's signature is verified before anything is parsed; no bearer token is involved.
 *
 * <ul>
 *   <li>missing/bad signature, stale timestamp, body not an event: 400, nothing written;
 *   <li>{@code payment_intent.succeeded} of a PENDING_PAYMENT order with its exact amount and
 *       currency: the order becomes PAID and {@code order.paid} is emitted, 200;
 *   <li>an event id seen before, or any other type: 200, nothing changes (other types are
 *       recorded);
 *   <li>amount or currency not the order's, or no such order: 422; a cancelled order: 409; nothing
 *       written.
 * </ul>
 */
@RestController
class PaymentWebhookController {

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhookController.class);

    private final PaymentSignature signature;
    private final PaymentEventRepository events;
    private final JsonMapper json;
    private final CurrentTrace trace;

    PaymentWebhookController(
            PaymentProperties properties,
            Clock clock,
            PaymentEventRepository events,
            JsonMapper json,
            CurrentTrace trace) {
        this.signature =
                new PaymentSignature(
                        properties.webhookSecret(), properties.tolerance().toSeconds(), clock);
        this.events = events;
        this.json = json;
        this.trace = trace;
    }

    @PostMapping("/webhooks/payments")
    Map<String, Object> receive(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String header) {
        byte[] raw = body == null ? new byte[0] : body;
        signature.verify(raw, header);
        PaymentEvent event = PaymentEvent.parse(raw, json, trace.outboxHeaders());
        PaymentEventRepository.Outcome outcome = events.apply(event);
        if (outcome == PaymentEventRepository.Outcome.PAID) {
            log.info(
                    "order {} paid: payment {}, payment event {}",
                    event.orderId(),
                    event.paymentId(),
                    event.id());
        } else {
            log.info("payment event {} ({}): {}", event.id(), event.type(), outcome);
        }
        return Map.of(
                "received", true, "eventId", event.id(), "outcome", outcome.name().toLowerCase());
    }
}
