package io.outboxfleet.command.order;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places orders, honouring {@code Idempotency-Key}: the key is claimed in the same transaction that
 * places the order, so exactly one of several racing requests with one key creates the order, and
 * the others answer what it answered. Failed attempts (4xx) store nothing: the key stays free.
 */
@Component
class OrderPlacement {

    /** The first answer for a key, and whether this request replayed it rather than creating it. */
    record Placed(Order order, boolean replayed) {}

    private final OrderRepository orders;
    private final IdempotencyKeyRepository keys;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    OrderPlacement(
            OrderRepository orders,
            IdempotencyKeyRepository keys,
            TransactionTemplate transactions,
            JsonMapper json,
            ApplicationEventPublisher events) {
        this.orders = orders;
        this.keys = keys;
        this.transactions = transactions;
        this.json = json;
        this.events = events;
    }

    /**
     * @throws OrderRejectedException when the database refuses the order
     * @throws ApiProblem 422 when the key was used before with another body
     */
    Placed place(OrderRepository.NewOrder command, PlaceOrder request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return created(orders.create(command));
        }
        String hash = hash(json.writeValueAsString(request));
        Placed placed =
                transactions.execute(
                        tx -> {
                            Optional<IdempotencyKeyRepository.StoredAnswer> stored =
                                    keys.claim(command.customerId(), idempotencyKey, hash);
                            if (stored.isPresent()) {
                                if (!stored.get().requestHash().equals(hash)) {
                                    throw new ApiProblem(
                                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                                    "idempotency-key-reused",
                                                    "Idempotency key reused",
                                                    "this Idempotency-Key was already used with a different request body")
                                            .with(
                                                    "errors",
                                                    java.util.List.of(
                                                            new FieldViolation(
                                                                    "Idempotency-Key",
                                                                    "was already used with a different request body")));
                                }
                                return new Placed(
                                        json.readValue(stored.get().body(), Order.class), true);
                            }
                            Order order = orders.create(command);
                            keys.complete(
                                    command.customerId(),
                                    idempotencyKey,
                                    HttpStatus.CREATED.value(),
                                    json.writeValueAsString(order));
                            return new Placed(order, false);
                        });
        if (!placed.replayed()) {
            events.publishEvent(new OrdersChanged(placed.order().id()));
        }
        return placed;
    }

    private Placed created(Order order) {
        events.publishEvent(new OrdersChanged(order.id()));
        return new Placed(order, false);
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
