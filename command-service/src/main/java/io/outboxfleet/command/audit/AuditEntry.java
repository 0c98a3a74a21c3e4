package io.outboxfleet.command.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One row of {@code audit_logs}: a change of one row of an audited table.
 *
 * @param actor the JWT sub of the command, or the database user when no command set one
 * @param oldValue the row before (null for INSERT)
 * @param newValue the row after (null for DELETE)
 * @param txId the Postgres transaction id; entries of one command share it
 */
record AuditEntry(
        long id,
        String tableName,
        String recordId,
        String operation,
        String actor,
        Instant occurredAt,
        JsonNode oldValue,
        JsonNode newValue,
        long txId) {}
