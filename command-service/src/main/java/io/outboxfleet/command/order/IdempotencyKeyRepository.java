package io.outboxfleet.command.order;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_keys} table: the first answer of {@code POST /api/orders} per (user, key).
 * Callers claim a key first, inside the transaction that places the order, so a racing twin waits
 * on the unique key until the first commits (then finds its answer) or rolls back (then claims it).
 */
@Repository
class IdempotencyKeyRepository {

    private static final String CLAIM =
            """
            insert into idempotency_keys (user_id, key, request_hash)
            values (:userId, :key, :requestHash)
            on conflict (user_id, key) do nothing
            """;

    private static final String FIND =
            """
            select request_hash, response_code, response_body::text as response_body
              from idempotency_keys
             where user_id = :userId and key = :key
            """;

    private static final String COMPLETE =
            """
            update idempotency_keys
               set response_code = :code, response_body = :body::jsonb
             where user_id = :userId and key = :key
            """;

    private static final String PURGE =
            """
            delete from idempotency_keys where created_at < now() - make_interval(secs => :seconds)
            """;

    private final JdbcClient jdbc;

    IdempotencyKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The answer stored for a key: the hash of its request, and the status and JSON body sent. */
    record StoredAnswer(String requestHash, int code, String body) {}

    /**
     * Claims the key for this transaction, or answers what the first request with this key stored.
     * Blocks while another transaction holds an uncommitted claim of the same key.
     */
    Optional<StoredAnswer> claim(String userId, String key, String requestHash) {
        int inserted =
                jdbc.sql(CLAIM)
                        .param("userId", userId)
                        .param("key", key)
                        .param("requestHash", requestHash)
                        .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql(FIND)
                .param("userId", userId)
                .param("key", key)
                .query(
                        (rs, row) ->
                                new StoredAnswer(
                                        rs.getString("request_hash"),
                                        rs.getInt("response_code"),
                                        rs.getString("response_body")))
                .optional();
    }

    /** Stores the answer of a claimed key, in the claiming transaction. */
    void complete(String userId, String key, int code, String body) {
        jdbc.sql(COMPLETE)
                .param("userId", userId)
                .param("key", key)
                .param("code", code)
                .param("body", body)
                .update();
    }

    /** Deletes keys older than the window; answers how many. */
    int purgeOlderThan(Duration window) {
        return jdbc.sql(PURGE).param("seconds", (double) window.toSeconds()).update();
    }
}
