package io.outboxfleet.command.order;

import io.outboxfleet.command.security.Caller;
import io.outboxfleet.command.tracing.CurrentTrace;
import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one path of the order commands, place and cancel: each calls its database function (which
 * writes the order, the stock movements and the outbox row in one transaction) with the current
 * trace in the outbox headers. A refusal is an {@link ApiProblem}; then nothing was written.
 *
 * <p>Placing honours {@code Idempotency-Key}: the key is claimed in the same transaction that
 * places the order, so exactly one of several racing requests with one key creates the order, and
 * the others answer what it answered. Failed attempts (4xx) store nothing: the key stays free.
 */
@Component
class OrderCommands {

    private static final Logger log = LoggerFactory.getLogger(OrderCommands.class);

    /** The first answer for a key, and whether this request replayed it rather than creating it. */
    record Placed(Order order, boolean replayed) {}

    private final OrderRepository orders;
    private final IdempotencyKeyRepository keys;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final CurrentTrace trace;

    OrderCommands(
            OrderRepository orders,
            IdempotencyKeyRepository keys,
            TransactionTemplate transactions,
            JsonMapper json,
            CurrentTrace trace) {
        this.orders = orders;
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
        this.trace = trace;
    }

    /**
     * Places the caller's order, once per {@code idempotencyKey} (null: no key).
     *
     * @throws ApiProblem 400 when a customer names another address than the token's; 422 when the
     *     key was used before with another body; what {@link OrderRefusals#ofCreate} says when the
     *     database refuses the order
     */
    Placed place(Caller caller, PlaceOrder request, String idempotencyKey) {
        rejectSomeoneElsesEmail(request, caller);
        var command =
                new OrderRepository.NewOrder(
                        UUID.randomUUID(),
                        caller.id(),
                        request.customerEmail(),
                        request.items(),
                        trace.outboxHeaders());
        Placed placed =
                idempotencyKey == null
                        ? new Placed(orders.create(command), false)
                        : placeOnce(command, request, idempotencyKey);
        if (!placed.replayed()) {
            Order order = placed.order();
            log.info(
                    "order {} placed by customer {}: {} line(s), total {} {}",
                    order.id(),
                    order.customerId(),
                    order.items().size(),
                    order.totalCents(),
                    order.currency());
        }
        return placed;
    }

    /**
     * Cancels a PENDING_PAYMENT order the caller may see and puts its units back in stock; with
     * {@code expectedVersion} (null: any) only if the order is still at that version.
     *
     * @throws ApiProblem 404 when the caller may not see the order; what {@link
     *     OrderRefusals#ofCancel} says when the database refuses the cancel
     */
    Order cancel(UUID orderId, Long expectedVersion, Caller caller) {
        orders.findById(orderId)
                .filter(order -> order.visibleTo(caller))
                .orElseThrow(() -> ApiProblem.notFound("order", orderId));
        Order cancelled =
                orders.cancel(orderId, expectedVersion, caller.id(), trace.outboxHeaders());
        log.info("order {} cancelled by {}, version {}", orderId, caller.id(), cancelled.version());
        return cancelled;
    }

    private Placed placeOnce(
            OrderRepository.NewOrder command, PlaceOrder request, String idempotencyKey) {
        String hash = hash(json.writeValueAsString(request));
        return transactions.execute(
                tx -> {
                    Optional<IdempotencyKeyRepository.StoredAnswer> stored =
                            keys.claim(command.customerId(), idempotencyKey, hash);
                    if (stored.isPresent()) {
                        if (!stored.get().requestHash().equals(hash)) {
                            throw keyReused();
                        }
                        return new Placed(json.readValue(stored.get().body(), Order.class), true);
                    }
                    Order order = orders.create(command);
                    keys.complete(
                            command.customerId(),
                            idempotencyKey,
                            HttpStatus.CREATED.value(),
                            json.writeValueAsString(order));
                    return new Placed(order, false);
                });
    }

    /**
     * A customer's order emails (and CRM contact) go to the address of the token's {@code email}
     * claim when it has one (docs/contract.md section 4): nobody has order mail sent to someone
     * else. Admins are trusted to order for others.
     */
    private static void rejectSomeoneElsesEmail(PlaceOrder request, Caller caller) {
        if (caller.email() != null
                && !caller.isAdmin()
                && !caller.email().strip().equalsIgnoreCase(request.customerEmail().strip())) {
            throw ApiProblem.invalidField(
                    "customerEmail", "must be the address of your token's email claim");
        }
    }

    private static ApiProblem keyReused() {
        return new ApiProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "this Idempotency-Key was already used with a different request body")
                .with(
                        "errors",
                        List.of(
                                new FieldViolation(
                                        "Idempotency-Key",
                                        "was already used with a different request body")));
    }

    private static String hash(String body) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
