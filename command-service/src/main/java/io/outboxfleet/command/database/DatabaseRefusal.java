package io.outboxfleet.command.database;

import io.outboxfleet.command.web.ApiProblem;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.postgresql.util.PSQLException;
import org.springframework.dao.DataAccessException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command refused by one of our Postgres functions: its SQLSTATE (class {@code OF}, see the
 * {@code R__*.sql} files) and the JSON object it put in the error's DETAIL. Nothing was written.
 *
 * <p>The one place where a failed statement is read for such a refusal: each repository names, in
 * {@link #translate}, the {@link ApiProblem} that each SQLSTATE of its function means.
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

    /**
     * What to throw for a failed statement: the problem {@code problem} makes of our refusal, or
     * the failure itself when it is not one of ours (class OF).
     *
     * @param problem the caller's answer for each SQLSTATE its function raises; for any other it
     *     throws {@link #unexpected()}
     */
    public static RuntimeException translate(
            DataAccessException e, JsonMapper json, Function<DatabaseRefusal, ApiProblem> problem) {
        return of(e, json).<RuntimeException>map(problem).orElse(e);
    }

    /**
     * A SQLSTATE the function is not known to raise: this service and its SQL disagree, a server
     * fault (500).
     */
    public IllegalStateException unexpected() {
        return new IllegalStateException(
                "the database refused with " + sqlState + " " + detail + ", which is not expected");
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
