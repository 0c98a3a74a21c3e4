package io.outboxfleet.command.order;

import java.util.UUID;

/** One line of an order, with the unit price copied from the product when the order was placed. */
record OrderLine(UUID productId, int quantity, long unitPriceCents) {}
