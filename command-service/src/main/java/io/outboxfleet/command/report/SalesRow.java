package io.outboxfleet.command.report;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Sales of one product on one UTC day, cancelled orders left out; revenue in minor units, exact at
 * any size (one day's orders of a product may sum past 2^63, each order's total cannot).
 */
record SalesRow(
        UUID productId, String sku, LocalDate day, long unitsSold, BigInteger revenueCents) {}
