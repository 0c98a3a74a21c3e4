package io.outboxfleet.command.order;

import io.outboxfleet.command.security.Caller;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as the API shows it. {@code customerId} is the JWT subject of the customer who placed
 * it; {@code totalCents} is in minor units of {@code currency}.
 */
record Order(
        UUID id,
        String customerId,
        String customerEmail,
        String status,
        long totalCents,
        String currency,
        List<OrderLine> items,
        long version,
        Instant createdAt) {

    /** Customers see their own orders, admins every order. */
    boolean visibleTo(Caller caller) {
        return caller.isAdmin() || customerId.equals(caller.id());
    }

    Order withItems(List<OrderLine> lines) {
        return new Order(
                id,
                customerId,
                customerEmail,
                status,
                totalCents,
                currency,
                lines,
                version,
                createdAt);
    }
}
