package io.outboxfleet.workers.effect.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workers' history does not grow for ever: the scheduled purge deletes effect log entries,
 * attempts and replayed dead letters past the retention (30 days by default), and keeps what is
 * younger and the dead letters nobody decided on yet.
 */
class HistoryRetentionIT extends WorkersScenario {

    @Autowired HistoryRetentionJob job;

    @Test
    void historyPastTheRetentionIsDeletedAndTheRestKept() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        logDone(old, "40 days");
        logDone(recent, "1 day");
        attempt(old, "40 days");
        attempt(recent, "1 day");
        UUID replayed = deadLetter(old, "40 days", true);
        UUID undecided = deadLetter(old, "40 days", false);

        assertThat(job.purge()).isGreaterThanOrEqualTo(3);

        assertThat(count("effect_log", old)).isZero();
        assertThat(count("delivery_attempts", old)).isZero();
        assertThat(count("effect_log", recent)).isOne();
        assertThat(count("delivery_attempts", recent)).isOne();
        assertThat(deadLetterExists(replayed))
                .as("a replayed dead letter past retention")
                .isFalse();
        assertThat(deadLetterExists(undecided))
                .as("a dead letter nobody decided on stays")
                .isTrue();
    }

    private void logDone(UUID event, String age) {
        jdbc.sql(
                        "insert into effect_log (event_id, effect, target, completed_at)"
                                + " values (?, 'email', 'a@example.com', now() - ?::interval)")
                .params(event, age)
                .update();
    }

    private void attempt(UUID event, String age) {
        jdbc.sql(
                        "insert into delivery_attempts (event_id, effect, target, attempt, outcome, attempted_at)"
                                + " values (?, 'email', 'a@example.com', 1, 'success', now() - ?::interval)")
                .params(event, age)
                .update();
    }

    private UUID deadLetter(UUID event, String age, boolean replayedAlready) {
        return jdbc.sql(
                        "insert into dead_letters (effect, event_id, reason, created_at, replayed_at)"
                                + " values ('email', ?, 'test', now() - ?::interval,"
                                + " case when ? then now() - ?::interval end) returning id")
                .params(event, age, replayedAlready, age)
                .query(UUID.class)
                .single();
    }

    private long count(String table, UUID event) {
        return jdbc.sql("select count(*) from " + table + " where event_id = ?")
                .param(event)
                .query(Long.class)
                .single();
    }

    private boolean deadLetterExists(UUID id) {
        return jdbc.sql("select count(*) from dead_letters where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
