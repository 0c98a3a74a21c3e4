package io.outboxfleet.command.document;

import java.time.Instant;
import java.util.UUID;

/** A document as the API shows it; {@code version} is what an update must name. */
record Document(UUID id, String title, String content, long version, Instant updatedAt) {}
