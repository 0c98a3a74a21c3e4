package io.outboxfleet.command.payment;

import io.outboxfleet.command.tracing.CurrentTrace;
import io.outboxfleet.command.web.ApiProblem;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
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
            ObjectProvider<Clock> clock,
            PaymentEventRepository events,
            JsonMapper json,
            CurrentTrace trace) {
        this.signature =
                new PaymentSignature(
                        properties.webhookSecret(),
                        properties.tolerance().toSeconds(),
                        clock.getIfUnique(Clock::systemUTC));
        this.events = events;
        this.json = json;
        this.trace = trace;
    }

    @PostMapping("/webhooks/payments")
    Map<String, Object> receive(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Stripe-Signature", required = false) String header) {
        byte[] raw = body == null ? new byte[0] : body;
        try {
            signature.verify(raw, header);
        } catch (PaymentSignature.InvalidSignatureException e) {
            log.warn("payment webhook refused: {}", e.getMessage());
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-signature",
                    "Invalid signature",
                    e.getMessage());
        }
        PaymentEvent event = parse(raw, trace.outboxHeaders());
        PaymentEventRepository.Outcome outcome;
        try {
            outcome = events.apply(event);
        } catch (PaymentRejectedException e) {
            throw toProblem(e, event);
        }
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

    private PaymentEvent parse(byte[] raw, Map<String, String> headers) {
        try {
            JsonNode body = json.readTree(raw);
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("body");
            }
            return PaymentEvent.of(body, headers);
        } catch (JacksonException e) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "malformed-request",
                    "Malformed request",
                    "the body is not a JSON event");
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(e.getMessage(), "is missing or has the wrong type");
        }
    }

    private static ApiProblem toProblem(PaymentRejectedException e, PaymentEvent event) {
        ApiProblem problem =
                switch (e.reason()) {
                    case AMOUNT_MISMATCH ->
                            new ApiProblem(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "amount-mismatch",
                                    "Amount mismatch",
                                    "the payment's amount or currency is not the order's total");
                    case UNKNOWN_ORDER ->
                            new ApiProblem(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "unknown-order",
                                    "Unknown order",
                                    "metadata.order_id names no order");
                    case ORDER_NOT_PAYABLE ->
                            new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "order-not-payable",
                                    "Order not payable",
                                    "the order is no longer waiting for payment");
                };
        problem.with("eventId", event.id());
        // the function's detail names the order's status "status", which is the problem's own
        // member (the HTTP status) in RFC 9457: it travels as orderStatus, as for cancels
        e.detail()
                .forEach(
                        (key, value) ->
                                problem.with("status".equals(key) ? "orderStatus" : key, value));
        return problem;
    }
}
