package io.outboxfleet.workers.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboxfleet.security.secret.SecretBox;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code webhook_endpoints} as the workers use it: the enabled subscribers of a type (with
 * the previous secret while its rotation grace window lasts), and the consecutive-failure counter
 * that disables an endpoint after {@code fleet.webhooks.disable-after-failures} failed deliveries
 * in a row. Metrics: {@code fleet_webhook_endpoints_disabled_total} (auto-disabled), {@code
 * fleet_webhook_endpoints_disabled} (gauge).
 */
@Repository
class WebhookEndpoints {

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);

    private static final String SUBSCRIBED_TO =
            """
            select id, url, secret,
                   case when previous_secret_expires_at > :now then previous_secret end as previous_secret
            from webhook_endpoints
            where enabled
              and (cardinality(event_types) = 0 or :eventType = any(event_types))
            order by created_at, id""";

    private static final String SUCCEEDED =
            """
            update webhook_endpoints set consecutive_failures = 0
            where id = :id and consecutive_failures <> 0""";

    private static final String FAILED =
            """
            update webhook_endpoints
            set consecutive_failures = consecutive_failures + 1,
                enabled = case when consecutive_failures + 1 >= :limit then false else enabled end,
                disabled_at = case when consecutive_failures + 1 >= :limit and enabled then :now else disabled_at end,
                disabled_reason = case when consecutive_failures + 1 >= :limit and enabled
                                       then :reason else disabled_reason end
            where id = :id
            returning enabled""";

    private static final String ALL =
            """
            select id, url, secret, enabled, event_types, consecutive_failures,
                   case when previous_secret_expires_at > :now then previous_secret end as previous_secret
            from webhook_endpoints""";

    private static final String DISABLED =
            "select count(*) from webhook_endpoints where not enabled";

    /**
     * @param previousSecret the secret before the last rotation while it still signs, else null
     */
    record Endpoint(UUID id, String url, String secret, String previousSecret) {}

    /**
     * An endpoint as delivery sees it.
     *
     * @param eventTypes the types it subscribes to; empty = all
     */
    record Stored(
            Endpoint endpoint, boolean enabled, List<String> eventTypes, int consecutiveFailures) {
        boolean subscribes(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType);
        }
    }

    private record Snapshot(Map<UUID, Stored> byId, long loadedAtNanos) {}

    /** How stale the endpoints delivery sees may be: a deleted or disabled one stops within it. */
    private static final long SNAPSHOT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final java.util.Set<UUID> failedSinceReset =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    // the command-service stores secrets sealed (FLEET_SECRETS_KEY); opened only to sign
    private final SecretBox secrets;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Long.MIN_VALUE / 2);

    private final JdbcClient jdbc;
    private final WebhookProperties properties;
    private final Clock clock;
    private final Counter autoDisabled;

    WebhookEndpoints(
            JdbcClient jdbc,
            WebhookProperties properties,
            Clock clock,
            MeterRegistry meters,
            SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
        this.autoDisabled =
                Counter.builder("fleet.webhook.endpoints.disabled")
                        .description(
                                "Webhook endpoints disabled after consecutive failed deliveries")
                        .register(meters);
        Gauge.builder(
                        "fleet.webhook.endpoints.disabled.now",
                        () -> {
                            try {
                                return jdbc.sql(DISABLED).query(Long.class).single();
                            } catch (RuntimeException databaseDown) {
                                return Double.NaN;
                            }
                        })
                .description("Webhook endpoints currently disabled")
                .register(meters);
    }

    /** Enabled endpoints whose event_types is empty (all types) or contains this type. */
    List<Endpoint> subscribedTo(String eventType) {
        return jdbc.sql(SUBSCRIBED_TO)
                .param("eventType", eventType)
                .param("now", Timestamp.from(clock.instant()))
                .query(
                        (rs, n) ->
                                new Endpoint(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("url"),
                                        rs.getString("secret"),
                                        rs.getString("previous_secret")))
                .list();
    }

    /**
     * The endpoint as of at most a second ago (one query per second whatever the traffic; an id not
     * seen yet is looked up at once). Empty when it was deleted.
     */
    Optional<Stored> find(UUID id) {
        Snapshot current = snapshot;
        if (System.nanoTime() - current.loadedAtNanos() > SNAPSHOT_NANOS
                || !current.byId().containsKey(id)) {
            current = reload(current);
        }
        return Optional.ofNullable(current.byId().get(id));
    }

    /**
     * The endpoint as the database has it now (the snapshot is reloaded): a delivery is refused for
     * good (deleted, disabled, unsubscribed) only on this, never on a snapshot up to a second old
     * that may predate an operator enabling it again.
     */
    Optional<Stored> findNow(UUID id) {
        return Optional.ofNullable(reload(snapshot).byId().get(id));
    }

    private synchronized Snapshot reload(Snapshot seen) {
        if (snapshot != seen) {
            return snapshot;
        }
        Map<UUID, Stored> byId = new HashMap<>();
        jdbc.sql(ALL)
                .param("now", Timestamp.from(clock.instant()))
                .query(
                        (rs, n) -> {
                            UUID id = rs.getObject("id", UUID.class);
                            java.sql.Array types = rs.getArray("event_types");
                            byId.put(
                                    id,
                                    new Stored(
                                            new Endpoint(
                                                    id,
                                                    rs.getString("url"),
                                                    secrets.openOrLegacy(rs.getString("secret")),
                                                    secrets.openOrLegacy(
                                                            rs.getString("previous_secret"))),
                                            rs.getBoolean("enabled"),
                                            types == null
                                                    ? List.of()
                                                    : List.of((String[]) types.getArray()),
                                            rs.getInt("consecutive_failures")));
                            return id;
                        })
                .list();
        snapshot = new Snapshot(Map.copyOf(byId), System.nanoTime());
        return snapshot;
    }

    /** Resets the failure counter (a write only when it is not zero already). */
    void succeeded(Stored endpoint) {
        if (failedSinceReset.remove(endpoint.endpoint().id())
                || endpoint.consecutiveFailures() != 0) {
            jdbc.sql(SUCCEEDED).param("id", endpoint.endpoint().id()).update();
        }
    }

    /** Counts a failed delivery. */
    void failed(UUID id, String reason) {
        failedSinceReset.add(id);
        Boolean enabled =
                jdbc.sql(FAILED)
                        .param("id", id)
                        .param("limit", properties.disableAfterFailures())
                        .param("now", Timestamp.from(clock.instant()))
                        .param(
                                "reason",
                                properties.disableAfterFailures()
                                        + " consecutive failed deliveries, last: "
                                        + reason)
                        .query(Boolean.class)
                        .optional()
                        .orElse(true);
        if (Boolean.FALSE.equals(enabled) && justDisabled(id)) {
            autoDisabled.increment();
            log.warn(
                    "webhook endpoint {} disabled after {} consecutive failed deliveries; re-enable with "
                            + "POST /api/webhook-endpoints/{}/enable",
                    id,
                    properties.disableAfterFailures(),
                    id);
        }
    }

    private boolean justDisabled(UUID id) {
        return jdbc.sql(
                        "select consecutive_failures = :limit from webhook_endpoints where id = :id")
                .param("id", id)
                .param("limit", properties.disableAfterFailures())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }
}
