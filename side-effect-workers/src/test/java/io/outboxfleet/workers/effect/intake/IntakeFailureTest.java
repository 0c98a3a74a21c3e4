package io.outboxfleet.workers.effect.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.workers.effect.intake.IntakeFailure.Kind;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

class IntakeFailureTest {

    @Test
    void aValueTheDatabaseRefusesIsPermanentAndNamesItsSqlState() {
        IntakeFailure nul =
                IntakeFailure.of(
                        new UncategorizedSQLException(
                                "insert",
                                "insert into effect_queue",
                                new SQLException(
                                        "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00",
                                        "22021")));
        assertThat(nul.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(nul.reason()).contains("SQLSTATE 22021", "0x00");
        assertThat(
                        IntakeFailure.of(
                                        new DataIntegrityViolationException(
                                                "x", new SQLException("check", "23514")))
                                .kind())
                .isEqualTo(Kind.PERMANENT);
    }

    @Test
    void aDatabaseThatIsDownOrBusyIsTransient() {
        assertThat(IntakeFailure.of(new CannotGetJdbcConnectionException("pool timeout")).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(
                        IntakeFailure.of(
                                        new RuntimeException(
                                                new SQLTransientConnectionException(
                                                        "Connection is not available")))
                                .kind())
                .isEqualTo(Kind.TRANSIENT);
        for (String state : new String[] {"08006", "40001", "40P01", "57P01", "53300", "55P03"}) {
            assertThat(IntakeFailure.of(new SQLException("x", state)).kind())
                    .as(state)
                    .isEqualTo(Kind.TRANSIENT);
        }
    }

    @Test
    void aMalformedRecordIsPermanentWithItsOwnReason() {
        IntakeFailure failure =
                IntakeFailure.of(new UnreadableEventException("unknown event type 'x'"));
        assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(failure.reason()).isEqualTo("unknown event type 'x'");
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(IntakeFailure.of(new IllegalStateException("bug")).kind())
                .isEqualTo(Kind.UNKNOWN);
        assertThat(IntakeFailure.of(new SQLException("syntax", "42601")).kind())
                .isEqualTo(Kind.UNKNOWN);
    }
}
