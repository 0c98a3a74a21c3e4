package io.outboxfleet.command.product;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/products}. Boxed numbers, so a missing field is reported, not read as 0.
 */
record NewProduct(
        @NotBlank
                @Size(max = 64)
                @Pattern(
                        regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
                        message = "may contain only letters, digits, '.', '_' and '-'")
                String sku,
        @NotBlank @Size(max = 200) String name,
        @NotNull @PositiveOrZero Long priceCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
                String currency,
        @NotNull @PositiveOrZero Integer stock) {}
