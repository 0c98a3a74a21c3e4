package io.outboxfleet.command.database;

import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command refused by one of our Postgres functions: its SQLSTATE (class {@code OF}, see the
 * {@code R__*.sql} files) and the JSON object it put in the error's DETAIL. Nothing was written.
 *
 * @param sqlState the function's SQLSTATE, for example {@code OF007}
 * @param detail the structured detail; empty when the function gave none
 */
public record DatabaseRefusal(String sqlState, Map<String, Object> detail) {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    /** The refusal carried by a failed statement, if it was one of ours (class OF). */
    public static Optional<DatabaseRefusal> of(DataAccessException e, JsonMapper json) {
        if (!(e.getMostSpecificCause() instanceof PSQLException psql)
                || psql.getServerErrorMessage() == null
                || psql.getSQLState() == null
                || !psql.getSQLState().startsWith("OF")) {
            return Optional.empty();
        }
        return Optional.of(
                new DatabaseRefusal(
                        psql.getSQLState(),
                        detail(psql.getServerErrorMessage().getDetail(), json)));
    }

    /** A detail value as text, or null. */
    public String text(String name) {
        Object value = detail.get(name);
        return value == null ? null : value.toString();
    }

    /** A numeric detail value, or null. */
    public Long number(String name) {
        return detail.get(name) instanceof Number n ? n.longValue() : null;
    }

    private static Map<String, Object> detail(String detail, JsonMapper json) {
        if (detail == null || !detail.startsWith("{")) {
            return Map.of();
        }
        try {
            return json.readValue(detail, OBJECT);
        } catch (JacksonException e) {
            return Map.of();
        }
    }
}
