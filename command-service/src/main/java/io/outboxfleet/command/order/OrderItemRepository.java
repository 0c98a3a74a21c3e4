package io.outboxfleet.command.order;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code order_items} table (read side; lines are written by {@code create_order_transaction}).
 */
@Repository
class OrderItemRepository {

    private static final String FIND_BY_ORDER =
            """
            select product_id, quantity, unit_price_cents
              from order_items
             where order_id = :orderId
             order by product_id
            """;

    private static final String FIND_BY_ORDERS =
            """
            select order_id, product_id, quantity, unit_price_cents
              from order_items
             where order_id in (:orderIds)
             order by order_id, product_id
            """;

    private final JdbcClient jdbc;

    OrderItemRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<OrderLine> findByOrderId(UUID orderId) {
        return jdbc.sql(FIND_BY_ORDER)
                .param("orderId", orderId)
                .query(
                        (rs, row) ->
                                new OrderLine(
                                        rs.getObject("product_id", UUID.class),
                                        rs.getInt("quantity"),
                                        rs.getLong("unit_price_cents")))
                .list();
    }

    /** The lines of several orders at once, by order id. */
    Map<UUID, List<OrderLine>> findByOrderIds(List<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        record Row(UUID orderId, OrderLine line) {}
        return jdbc
                .sql(FIND_BY_ORDERS)
                .param("orderIds", orderIds)
                .query(
                        (rs, row) ->
                                new Row(
                                        rs.getObject("order_id", UUID.class),
                                        new OrderLine(
                                                rs.getObject("product_id", UUID.class),
                                                rs.getInt("quantity"),
                                                rs.getLong("unit_price_cents"))))
                .list()
                .stream()
                .collect(
                        Collectors.groupingBy(
                                Row::orderId, Collectors.mapping(Row::line, Collectors.toList())));
    }
}
