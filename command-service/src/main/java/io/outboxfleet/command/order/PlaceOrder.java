package io.outboxfleet.command.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Body of {@code POST /api/orders}. */
record PlaceOrder(
        @NotBlank
                @Email
                @Size(max = 254)
                @Pattern(
                        regexp = "[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*",
                        message = "must not contain control, bidi or other invisible characters")
                String customerEmail,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items) {

    /** One requested line; the same product twice is summed by the database. */
    record Item(@NotNull UUID productId, @NotNull @Min(1) @Max(10_000) Integer quantity) {}
}
