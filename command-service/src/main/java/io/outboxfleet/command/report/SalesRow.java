package io.outboxfleet.command.report;

import java.time.LocalDate;
import java.util.UUID;

/** Sales of one product on one UTC day, cancelled orders left out; revenue in minor units. */
record SalesRow(UUID productId, String sku, LocalDate day, long unitsSold, long revenueCents) {}
