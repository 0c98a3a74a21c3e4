package io.outboxfleet.workers.effect.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.workers.effect.delivery.EffectQueue.Delivery;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * A claim reads about as many rows as the queue holds, however small the queue was when the
 * worker's connection first ran it. A plan cached on an empty, freshly analyzed queue (a nested
 * loop over two sequential scans) read every row once per row: 9,006,000 rows for one claim from
 * 3,000 here (9,000 with the workers' connection settings), and 8.5 s for one claim from 2,800 in
 * the benchmark, with no outcome written meanwhile.
 */
class ClaimCostIT extends WorkersScenario {

    private static final int BACKLOG = 3_000;
    private static final int BATCH = 256;

    /** Far enough ahead that the running delivery engine never finds these rows due. */
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));

    @Autowired DataSource dataSource;
    @Autowired ObjectMapper json;

    @Test
    void aClaimFromABacklogReadsTheBacklogOnceNotOncePerRow() throws Exception {
        try (Connection pooled = dataSource.getConnection()) {
            SingleConnectionDataSource one = new SingleConnectionDataSource(pooled, true);
            JdbcClient connection = JdbcClient.create(one);
            EffectQueue queue = new EffectQueue(connection, json);
            // what autovacuum records once the queue has drained: the table is empty
            jdbc.sql("vacuum analyze effect_queue").update();
            for (int i = 0; i < 10; i++) {
                assertThat(claim(queue))
                        .as("the queue is empty while the plan is cached")
                        .isEmpty();
            }
            jdbc.sql(
                            """
                            insert into effect_queue (effect, target, destination, ordering_key, event_id,
                                                      event_type, event_time, payload, attempt_limit, next_attempt_at)
                            select 'webhook', 'endpoint-' || g, 'webhook', 'order-' || g, gen_random_uuid(),
                                   'order.created', now(), '{}', 6, :due
                            from generate_series(1, :rows) g""")
                    .param("due", Timestamp.from(LATER.minusSeconds(60)))
                    .param("rows", BACKLOG)
                    .update();

            Claim claim =
                    new TransactionTemplate(new DataSourceTransactionManager(one))
                            .execute(
                                    tx -> {
                                        tx.setRollbackOnly();
                                        return new Claim(claim(queue), rowsReadSoFar(connection));
                                    });

            assertThat(claim.leased()).hasSize(BATCH);
            assertThat(claim.rowsRead())
                    .as("rows of effect_queue read by one claim from a backlog of %d", BACKLOG)
                    .isLessThan(20L * BACKLOG);
        }
    }

    private record Claim(List<Delivery> leased, long rowsRead) {}

    /** Rows of effect_queue this connection's transaction has read so far. */
    private static long rowsReadSoFar(JdbcClient connection) {
        return connection
                .sql(
                        """
                        select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
                        from pg_stat_xact_user_tables where relname = 'effect_queue'""")
                .query(Long.class)
                .single();
    }

    private static List<Delivery> claim(EffectQueue queue) {
        return queue.claimDue(
                BATCH,
                List.of(),
                LATER,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                "claim-cost-test");
    }
}
