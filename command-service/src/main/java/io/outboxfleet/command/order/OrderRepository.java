package io.outboxfleet.command.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code orders} table. Orders are created only through {@code create_order_transaction},
 * which writes the order, its items, the stock decrements and the {@code order.created} outbox row
 * in one transaction: this is the command side's only path into the outbox.
 */
@Repository
class OrderRepository {

    private static final String CREATE = """
            select create_order_transaction(:payload::jsonb)::text
            """;

    private static final String FIND_BY_ID = """
            select id, customer_id, customer_email, status, total_cents, currency, version, created_at
              from orders
             where id = :id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the database function expects; {@code headers} become the outbox row's headers. */
    record NewOrder(UUID orderId, String customerId, String customerEmail, List<PlaceOrder.Item> items,
                    Map<String, String> headers) {
    }

    /**
     * Places the order atomically.
     *
     * @throws OrderRejectedException when the database refuses it; then nothing was written
     */
    Order create(NewOrder order) {
        String created;
        try {
            created = jdbc.sql(CREATE).param("payload", json.writeValueAsString(order)).query(String.class).single();
        } catch (DataAccessException e) {
            Optional<OrderRejectedException> rejected = rejection(e);
            if (rejected.isPresent()) {
                throw rejected.get();
            }
            throw e;
        }
        return json.readValue(created, Order.class);
    }

    /** The order without its items. */
    Optional<Order> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(OrderRepository::map).optional();
    }

    private Optional<OrderRejectedException> rejection(DataAccessException e) {
        if (!(e.getMostSpecificCause() instanceof PSQLException psql) || psql.getServerErrorMessage() == null) {
            return Optional.empty();
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        return Arrays.stream(OrderRejectedException.Reason.values())
                .filter(reason -> reason.sqlState.equals(psql.getSQLState()))
                .findFirst()
                .map(reason -> new OrderRejectedException(reason, server.getDetail(), detail(server.getDetail())));
    }

    private Map<String, Object> detail(String detail) {
        if (detail == null || !detail.startsWith("{")) {
            return Map.of();
        }
        try {
            return json.readValue(detail, new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            return Map.of();
        }
    }

    private static Order map(ResultSet rs, int row) throws SQLException {
        return new Order(rs.getObject("id", UUID.class), rs.getString("customer_id"), rs.getString("customer_email"),
                rs.getString("status"), rs.getLong("total_cents"), rs.getString("currency"), List.of(),
                rs.getLong("version"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
