package io.outboxfleet.workers.webhook;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code webhook_endpoints}, read side. */
@Repository
class WebhookEndpoints {

    private static final String SUBSCRIBED_TO = """
            select id, url, secret
            from webhook_endpoints
            where enabled
              and (cardinality(event_types) = 0 or :eventType = any(event_types))
            order by created_at, id""";

    record Endpoint(UUID id, String url, String secret) {
    }

    private final JdbcClient jdbc;

    WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Enabled endpoints whose event_types is empty (all types) or contains this type. */
    List<Endpoint> subscribedTo(String eventType) {
        return jdbc.sql(SUBSCRIBED_TO)
                .param("eventType", eventType)
                .query((rs, n) -> new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("secret")))
                .list();
    }
}
