package io.outboxfleet.command.document;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/documents}. */
record DocumentBody(
        @NotBlank @Size(max = 200) String title, @NotNull @Size(max = 100_000) String content) {}
