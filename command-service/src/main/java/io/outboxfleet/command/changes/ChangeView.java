package io.outboxfleet.command.changes;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client sees of a change: {@code {table, op, new, old, commitTime}} without the denied
 * columns.
 */
final class ChangeView {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Set<String> denied;

    ChangeView(ChangesProperties properties, ChangesProperties.Table table) {
        Set<String> columns = new HashSet<>(properties.deniedColumns());
        columns.addAll(table.deniedColumns());
        this.denied = Set.copyOf(columns);
    }

    ObjectNode render(RowChange change) {
        ObjectNode out = NODES.objectNode();
        out.put("table", change.value().path("table").asString());
        out.put("op", change.op());
        out.set("new", strip(change.newRow()));
        out.set("old", strip(change.oldRow()));
        out.set("commitTime", change.value().path("commitTime"));
        return out;
    }

    ObjectNode reason(String reason, String position) {
        ObjectNode out = NODES.objectNode();
        out.put("reason", reason);
        if (position != null) {
            out.put("resumeFrom", position);
        }
        return out;
    }

    private JsonNode strip(JsonNode row) {
        if (!(row instanceof ObjectNode object)) {
            return NODES.nullNode();
        }
        ObjectNode copy = object.deepCopy();
        denied.forEach(copy::remove);
        return copy;
    }
}
