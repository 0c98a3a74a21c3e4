package io.outboxfleet.command.document;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/documents/{id}}: the new content and the version it was based on. */
record DocumentUpdate(
        @NotBlank @Size(max = 200) String title,
        @NotNull @Size(max = 100_000) String content,
        @NotNull @PositiveOrZero Long version) {}
