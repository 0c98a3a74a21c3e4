package io.outboxfleet.command.webhookendpoint;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_endpoints} table. Secrets are stored sealed ({@code SecretBox}, by the caller)
 * and never read back by the API.
 */
@Repository
class WebhookEndpointRepository {

    private static final String INSERT =
            """
            insert into webhook_endpoints (url, event_types, description, secret)
            values (:url, :eventTypes::text[], :description, :secret)
            returning id
            """;

    private static final String FIND_ALL =
            """
            select id, url, event_types, description, enabled, created_at,
                   consecutive_failures, disabled_at, disabled_reason
              from webhook_endpoints
             order by created_at, id
            """;

    private static final String FIND_BY_ID =
            """
            select id, url, event_types, description, enabled, created_at,
                   consecutive_failures, disabled_at, disabled_reason
              from webhook_endpoints
             where id = :id
            """;

    private static final String DELETE =
            """
            delete from webhook_endpoints
             where id = :id
            """;

    private static final String ROTATE =
            """
            update webhook_endpoints
               set previous_secret = secret, previous_secret_expires_at = :graceEnd, secret = :secret
             where id = :id
            """;

    private static final String ENABLE =
            """
            update webhook_endpoints
               set enabled = true, consecutive_failures = 0, disabled_at = null, disabled_reason = null
             where id = :id
            """;

    private static final String STORED_SECRETS =
            """
            select id, secret, previous_secret
              from webhook_endpoints
             order by id
            """;

    private static final String REPLACE_SECRETS =
            """
            update webhook_endpoints
               set secret = :secret, previous_secret = :previous
             where id = :id and secret = :oldSecret
               and previous_secret is not distinct from :oldPrevious
            """;

    /** The secrets of one row as stored (sealed or, from before sealing, plaintext). */
    record StoredSecrets(UUID id, String secret, String previousSecret) {}

    private final JdbcClient jdbc;

    WebhookEndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new endpoint and returns its id. */
    UUID insert(String url, List<String> eventTypes, String description, String secret) {
        return jdbc.sql(INSERT)
                .param("url", url)
                .param("eventTypes", eventTypes.toArray(String[]::new))
                .param("description", description)
                .param("secret", secret)
                .query(UUID.class)
                .single();
    }

    List<WebhookEndpoint> findAll() {
        return jdbc.sql(FIND_ALL).query(WebhookEndpointRepository::map).list();
    }

    Optional<WebhookEndpoint> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(WebhookEndpointRepository::map)
                .optional();
    }

    /** Removes the endpoint; false when there was none. */
    boolean delete(UUID id) {
        return jdbc.sql(DELETE).param("id", id).update() > 0;
    }

    /**
     * Replaces the secret; the old one keeps signing until {@code graceEnd}. False when there is no
     * such endpoint.
     */
    boolean rotate(UUID id, String secret, Instant graceEnd) {
        return jdbc.sql(ROTATE)
                        .param("id", id)
                        .param("secret", secret)
                        .param("graceEnd", Timestamp.from(graceEnd))
                        .update()
                > 0;
    }

    /**
     * Turns deliveries back on and clears the failure count. False when there is no such endpoint.
     */
    boolean enable(UUID id) {
        return jdbc.sql(ENABLE).param("id", id).update() > 0;
    }

    List<StoredSecrets> storedSecrets() {
        return jdbc.sql(STORED_SECRETS)
                .query(
                        (rs, n) ->
                                new StoredSecrets(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("secret"),
                                        rs.getString("previous_secret")))
                .list();
    }

    /** Rewrites a row's secrets unless they changed since {@code read}; true when rewritten. */
    boolean replaceSecrets(StoredSecrets read, String secret, String previousSecret) {
        return jdbc.sql(REPLACE_SECRETS)
                        .param("id", read.id())
                        .param("secret", secret)
                        .param("previous", previousSecret, java.sql.Types.VARCHAR)
                        .param("oldSecret", read.secret())
                        .param("oldPrevious", read.previousSecret(), java.sql.Types.VARCHAR)
                        .update()
                > 0;
    }

    private static WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        Array types = rs.getArray("event_types");
        return new WebhookEndpoint(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                List.of((String[]) types.getArray()),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getInt("consecutive_failures"),
                instant(rs.getObject("disabled_at", OffsetDateTime.class)),
                rs.getString("disabled_reason"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
