package io.outboxfleet.workers.effect.intake;

import io.outboxfleet.workers.event.UnreadableEventException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import tools.jackson.core.JacksonException;

/**
 * Why a record could not be taken in, classified once where the intake failed.
 *
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the database is down or busy (connection failure, timeout,
 *       serialization failure, deadlock, shutdown, SQLSTATE classes 08, 40, 53, 55P03, 57, 58): the
 *       record is retried, with backoff, until it can be recorded; nothing is skipped.
 *   <li>{@link Kind#PERMANENT}: the record itself is the problem (a malformed record, a JSON parse
 *       error, a value the database refuses: SQLSTATE class 22 data exception or 23 integrity
 *       violation): retrying cannot help, so it becomes a dead letter with this reason and the
 *       partition moves on.
 *   <li>{@link Kind#UNKNOWN}: anything else; retried a few times, then a dead letter too, so no
 *       record ever blocks its partition for good.
 * </ul>
 *
 * @param reason what an operator reads in the dead letter or the log
 */
record IntakeFailure(Kind kind, String reason) {

    enum Kind {
        TRANSIENT,
        PERMANENT,
        UNKNOWN
    }

    static IntakeFailure of(Throwable failure) {
        SQLException sql = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof UnreadableEventException unreadable) {
                return new IntakeFailure(Kind.PERMANENT, unreadable.getMessage());
            }
            if (t instanceof JacksonException json) {
                return new IntakeFailure(
                        Kind.PERMANENT,
                        "the record is not valid JSON: " + json.getOriginalMessage());
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                sql = e;
            }
        }
        if (sql != null) {
            Kind kind = ofSqlState(sql.getSQLState());
            if (kind != Kind.UNKNOWN || !transientByType(failure)) {
                return new IntakeFailure(kind, describe(kind, sql));
            }
        }
        if (transientByType(failure)) {
            return new IntakeFailure(
                    Kind.TRANSIENT, "the database is unavailable: " + message(failure));
        }
        return new IntakeFailure(Kind.UNKNOWN, message(failure));
    }

    /** Classes of PostgreSQL error codes (Appendix A of its manual). */
    static Kind ofSqlState(String state) {
        if (state == null || state.length() < 2) {
            return Kind.UNKNOWN;
        }
        if (state.equals("55P03")) { // lock_not_available
            return Kind.TRANSIENT;
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58" -> Kind.TRANSIENT;
            case "22", "23" -> Kind.PERMANENT;
            default -> Kind.UNKNOWN;
        };
    }

    private static boolean transientByType(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof IOException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Kind kind, SQLException sql) {
        String detail = sql.getMessage() == null ? "" : sql.getMessage().strip();
        return switch (kind) {
            case PERMANENT ->
                    "the database refuses a value of this record (SQLSTATE "
                            + sql.getSQLState()
                            + "): "
                            + detail;
            case TRANSIENT ->
                    "the database is unavailable (SQLSTATE " + sql.getSQLState() + "): " + detail;
            case UNKNOWN -> "database error (SQLSTATE " + sql.getSQLState() + "): " + detail;
        };
    }

    private static String message(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() != null ? root.getMessage() : root.getClass().getName();
        return root == failure ? text : failure.getClass().getSimpleName() + ": " + text;
    }
}
