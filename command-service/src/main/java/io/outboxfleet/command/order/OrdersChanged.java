package io.outboxfleet.command.order;

import java.util.UUID;

/**
 * Published in this process after an order was placed or cancelled (after commit). Read models use
 * it to refresh soon; it is not delivered to other instances, nor after a crash.
 *
 * @param orderId the order that changed
 */
public record OrdersChanged(UUID orderId) {}
