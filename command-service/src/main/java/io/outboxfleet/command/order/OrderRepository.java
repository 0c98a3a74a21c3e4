package io.outboxfleet.command.order;

import io.outboxfleet.command.database.DatabaseRefusal;
import io.outboxfleet.command.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code orders} table. Orders are created only through {@code create_order_transaction} and
 * cancelled only through {@code cancel_order_transaction}: each writes the order, its items, the
 * stock movements and the outbox row in one transaction, and sets {@code fleet.actor} for the audit
 * trail. These functions are the command side's only path into the outbox.
 */
@Repository
class OrderRepository {

    private static final String CREATE =
            """
            select create_order_transaction(:payload::jsonb)::text
            """;

    private static final String CANCEL =
            """
            select cancel_order_transaction(:orderId, :expectedVersion, :actor, :headers::jsonb)::text
            """;

    private static final String FIND_BY_ID =
            """
            select id, customer_id, customer_email, status, total_cents, currency, version, created_at
              from orders
             where id = :id
            """;

    /** Keyset page, newest first; null filters match everything. */
    private static final String FIND_PAGE =
            """
            select id, customer_id, customer_email, status, total_cents, currency, version, created_at
              from orders
             where customer_id = coalesce(:customerId::text, customer_id)
               and status = coalesce(:status::text, status)
               and (:afterCreatedAt::timestamptz is null or (created_at, id) < (:afterCreatedAt::timestamptz, :afterId::uuid))
             order by created_at desc, id desc
             limit :limit
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the database function expects; {@code headers} become the outbox row's headers. */
    record NewOrder(
            UUID orderId,
            String customerId,
            String customerEmail,
            List<PlaceOrder.Item> items,
            Map<String, String> headers) {}

    /**
     * A page request: optional owner and status filters, and the position after which to continue.
     */
    record PageQuery(String customerId, String status, OrderCursor after, int limit) {}

    /**
     * Places the order atomically.
     *
     * @throws ApiProblem when the database refuses it ({@link OrderRefusals#ofCreate}); then
     *     nothing was written
     */
    Order create(NewOrder order) {
        String created;
        try {
            created =
                    jdbc.sql(CREATE)
                            .param("payload", json.writeValueAsString(order))
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw DatabaseRefusal.translate(
                    e, json, refusal -> OrderRefusals.ofCreate(refusal, order.items()));
        }
        return json.readValue(created, Order.class);
    }

    /**
     * Cancels the order atomically: stock back, status CANCELLED, order.cancelled in the outbox.
     *
     * @param expectedVersion the version the caller last saw (If-Match), or null for any
     * @throws ApiProblem unknown order, not cancellable, or a stale version ({@link
     *     OrderRefusals#ofCancel}); nothing written
     */
    Order cancel(UUID orderId, Long expectedVersion, String actor, Map<String, String> headers) {
        String cancelled;
        try {
            cancelled =
                    jdbc.sql(CANCEL)
                            .param("orderId", orderId)
                            .param("expectedVersion", expectedVersion, java.sql.Types.BIGINT)
                            .param("actor", actor)
                            .param("headers", json.writeValueAsString(headers))
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw DatabaseRefusal.translate(e, json, OrderRefusals::ofCancel);
        }
        return json.readValue(cancelled, Order.class);
    }

    /** The order without its items. */
    Optional<Order> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(OrderRepository::map).optional();
    }

    /** Up to {@code query.limit()} orders without their items, newest first. */
    List<Order> findPage(PageQuery query) {
        OrderCursor after = query.after();
        return jdbc.sql(FIND_PAGE)
                .param("customerId", query.customerId(), java.sql.Types.VARCHAR)
                .param("status", query.status(), java.sql.Types.VARCHAR)
                .param(
                        "afterCreatedAt",
                        after == null
                                ? null
                                : OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("afterId", after == null ? null : after.id(), java.sql.Types.OTHER)
                .param("limit", query.limit())
                .query(OrderRepository::map)
                .list();
    }

    private static Order map(ResultSet rs, int row) throws SQLException {
        Instant createdAt = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        return new Order(
                rs.getObject("id", UUID.class),
                rs.getString("customer_id"),
                rs.getString("customer_email"),
                rs.getString("status"),
                rs.getLong("total_cents"),
                rs.getString("currency"),
                List.of(),
                rs.getLong("version"),
                createdAt);
    }
}
