package io.outboxfleet.command.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/products/{id}/stock}: units to add (positive) or take out (negative).
 */
record StockChange(@NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta) {}
