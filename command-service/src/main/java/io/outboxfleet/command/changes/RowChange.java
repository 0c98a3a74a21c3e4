package io.outboxfleet.command.changes;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One committed row change as the relay publishes it ({@code {table, op, new, old, commitTime}}),
 * with its place in the table's topic.
 */
record RowChange(String table, int partition, long offset, ObjectNode value) {

    String op() {
        return value.path("op").asString();
    }

    JsonNode newRow() {
        return value.path("new");
    }

    JsonNode oldRow() {
        return value.path("old");
    }

    /** Whether either side of the change has {@code column} equal to {@code expected}. */
    boolean has(String column, String expected) {
        return expected.equals(text(newRow(), column)) || expected.equals(text(oldRow(), column));
    }

    private static String text(JsonNode row, String column) {
        JsonNode v = row.path(column);
        return v.isMissingNode() || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    }
}
