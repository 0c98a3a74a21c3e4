package io.outboxfleet.command.product;

import java.util.UUID;

/** A product as the API shows it: price in minor units of an ISO currency, units in stock. */
record Product(
        UUID id,
        String sku,
        String name,
        long priceCents,
        String currency,
        int stock,
        long version) {}
