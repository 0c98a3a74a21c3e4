package io.outboxfleet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention functions of R__history_retention.sql on a real Postgres, migrated from this
 * module's files: what is older than the window goes, what is younger or undecided stays.
 */
class HistoryRetentionIT {

    private static final PostgresServer POSTGRES = PostgresServer.shared();

    private Connection db;

    @BeforeAll
    static void migrate() {
        Flyway.configure()
                .dataSource(POSTGRES.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("filesystem:src/main/resources/db/migration")
                .load()
                .migrate();
    }

    @BeforeEach
    void connect() throws SQLException {
        POSTGRES.truncateApplicationTables();
        db =
                DriverManager.getConnection(
                        POSTGRES.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void effectHistoryOlderThanTheWindowGoesAndUndecidedDeadLettersStay() throws SQLException {
        effectDone("old@example.com", "40 days");
        effectDone("new@example.com", "1 day");
        attempt("40 days");
        attempt("1 day");
        deadLetter("40 days", true);
        deadLetter("40 days", false);
        deadLetter("1 day", true);

        assertThat(text("select purge_effect_history(interval '30 days')::text"))
                .isEqualTo("{\"effect_log\": 1, \"dead_letters\": 1, \"delivery_attempts\": 1}");

        assertThat(text("select string_agg(target, ',') from effect_log"))
                .isEqualTo("new@example.com");
        assertThat(count("delivery_attempts")).isEqualTo(1);
        assertThat(count("dead_letters where replayed_at is null")).isEqualTo(1);
        assertThat(count("dead_letters")).isEqualTo(2);
    }

    @Test
    void aLargeBacklogGoesInBatchesOfTheGivenSize() throws SQLException {
        for (int i = 0; i < 5; i++) {
            effectDone("customer" + i + "@example.com", "40 days");
        }

        assertThat(text("select purge_effect_history(interval '30 days', 2) ->> 'effect_log'"))
                .isEqualTo("2");
        assertThat(text("select purge_effect_history(interval '30 days', 2) ->> 'effect_log'"))
                .isEqualTo("2");
        assertThat(text("select purge_effect_history(interval '30 days', 2) ->> 'effect_log'"))
                .isEqualTo("1");
        assertThat(count("effect_log")).isZero();
    }

    @Test
    void paymentEventsOlderThanTheWindowGo() throws SQLException {
        exec(
                "insert into payment_events (event_id, event_type, outcome, received_at) values"
                        + " ('evt_old', 'payment_intent.succeeded', 'paid', now() - interval '10 days'),"
                        + " ('evt_new', 'payment_intent.succeeded', 'paid', now() - interval '1 day')");

        assertThat(text("select purge_payment_events(interval '7 days')::text")).isEqualTo("1");
        assertThat(text("select string_agg(event_id, ',') from payment_events"))
                .isEqualTo("evt_new");
    }

    @Test
    void aNegativeWindowIsRefusedAndDeletesNothing() throws SQLException {
        effectDone("someone@example.com", "1 day");

        assertThatThrownBy(() -> text("select purge_effect_history(interval '-1 day')::text"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("positive interval")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("22023");
        assertThat(count("effect_log")).isEqualTo(1);
    }

    private void effectDone(String target, String age) throws SQLException {
        exec(
                "insert into effect_log (event_id, effect, target, completed_at) values"
                        + " (gen_random_uuid(), 'email', '"
                        + target
                        + "', now() - interval '"
                        + age
                        + "')");
    }

    private void attempt(String age) throws SQLException {
        exec(
                "insert into delivery_attempts (event_id, effect, target, attempt, outcome,"
                        + " attempted_at) values (gen_random_uuid(), 'email', 'x', 1, 'success',"
                        + " now() - interval '"
                        + age
                        + "')");
    }

    private void deadLetter(String age, boolean replayed) throws SQLException {
        exec(
                "insert into dead_letters (effect, reason, created_at, replayed_at) values"
                        + " ('webhook', 'gave up', now() - interval '"
                        + age
                        + "', "
                        + (replayed ? "now()" : "null")
                        + ")");
    }

    private long count(String tableAndCondition) throws SQLException {
        return Long.parseLong(text("select count(*) from " + tableAndCondition));
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private String text(String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
