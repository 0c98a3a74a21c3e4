package io.outboxfleet.workers.console;

import static io.outboxfleet.workers.console.DeadLetterQueries.instant;

import io.outboxfleet.security.secret.SecretBox;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code webhook_endpoints} as ops change it from the console: list with failure state,
 * enable (resets the failure count), disable (with who did it), rotate the secret (the previous one
 * keeps signing for the grace window, as the admin API's rotation does). Secrets are written sealed
 * with FLEET_SECRETS_KEY, as the command-service writes them, and opened only to sign a test event.
 */
@Repository
class EndpointAdmin {

    /** How long the previous secret keeps signing after a rotation from the console. */
    static final Duration ROTATION_GRACE = Duration.ofHours(24);

    private static final String COLUMNS =
            """
            select id, url, event_types, description, enabled, consecutive_failures, disabled_at,
                   disabled_reason, created_at, previous_secret_expires_at, secret
              from webhook_endpoints""";

    private static final String LIST = COLUMNS + " order by created_at, id";

    private static final String FIND = COLUMNS + " where id = :id";

    private static final String ENABLE =
            """
            update webhook_endpoints
               set enabled = true, consecutive_failures = 0, disabled_at = null, disabled_reason = null
             where id = :id""";

    private static final String DISABLE =
            """
            update webhook_endpoints
               set enabled = false, disabled_at = :now, disabled_reason = :reason
             where id = :id""";

    private static final String ROTATE =
            """
            update webhook_endpoints
               set previous_secret = secret, previous_secret_expires_at = :graceEnd, secret = :secret
             where id = :id""";

    /**
     * An endpoint as the console lists it.
     *
     * @param secret as stored: sealed (or plaintext from before sealing); {@link #signingSecret}
     *     opens it, only to sign a test event
     */
    record Endpoint(
            UUID id,
            String url,
            List<String> eventTypes,
            String description,
            boolean enabled,
            int consecutiveFailures,
            Instant disabledAt,
            String disabledReason,
            Instant createdAt,
            Instant previousSecretExpiresAt,
            String secret) {

        @Override
        public String toString() {
            return "Endpoint[" + id + " " + url + "]";
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecretBox secrets;
    private final SecureRandom random = new SecureRandom();

    EndpointAdmin(JdbcClient jdbc, Clock clock, SecretBox secrets) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secrets = secrets;
    }

    List<Endpoint> list() {
        return jdbc.sql(LIST).query(this::map).list();
    }

    Optional<Endpoint> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(this::map).optional();
    }

    boolean enable(UUID id) {
        return jdbc.sql(ENABLE).param("id", id).update() == 1;
    }

    boolean disable(UUID id, String operator) {
        return jdbc.sql(DISABLE)
                        .param("id", id)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("reason", "disabled by " + operator + " in the ops console")
                        .update()
                == 1;
    }

    /** The new secret, shown once; empty when there is no such endpoint. */
    Optional<String> rotate(UUID id) {
        byte[] key = new byte[24];
        random.nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        int updated =
                jdbc.sql(ROTATE)
                        .param("id", id)
                        .param("secret", secrets.seal(secret))
                        .param("graceEnd", Timestamp.from(clock.instant().plus(ROTATION_GRACE)))
                        .update();
        return updated == 1 ? Optional.of(secret) : Optional.empty();
    }

    /**
     * The endpoint's current secret, to sign with.
     *
     * @throws SecretBox.SecretBoxException when it was sealed with a key FLEET_SECRETS_KEY no
     *     longer lists
     */
    String signingSecret(Endpoint endpoint) {
        return secrets.openOrLegacy(endpoint.secret());
    }

    private Endpoint map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Array types = rs.getArray("event_types");
        return new Endpoint(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                types == null ? List.of() : Arrays.asList((String[]) types.getArray()),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                rs.getInt("consecutive_failures"),
                instant(rs, "disabled_at"),
                rs.getString("disabled_reason"),
                instant(rs, "created_at"),
                instant(rs, "previous_secret_expires_at"),
                rs.getString("secret"));
    }
}
