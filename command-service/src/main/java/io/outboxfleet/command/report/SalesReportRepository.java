package io.outboxfleet.command.report;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the table {@code sales_by_product_day}. Only the order functions ({@code
 * create_order_transaction}, {@code cancel_order_transaction}) write it, each in its order's own
 * transaction, so a read counts exactly the orders committed before it. The sku comes from {@code
 * products}.
 */
@Repository
class SalesReportRepository {

    private static final String FIND_RANGE =
            """
            select s.product_id, p.sku, s.day, s.units_sold, s.revenue_cents
              from sales_by_product_day s
              join products p on p.id = s.product_id
             where s.day between :from and :to
             order by s.day, p.sku
            """;

    private final JdbcClient jdbc;

    SalesReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SalesRow> findRange(LocalDate from, LocalDate to) {
        return jdbc.sql(FIND_RANGE)
                .param("from", from)
                .param("to", to)
                .query(
                        (rs, row) ->
                                new SalesRow(
                                        rs.getObject("product_id", UUID.class),
                                        rs.getString("sku"),
                                        rs.getObject("day", LocalDate.class),
                                        rs.getLong("units_sold"),
                                        rs.getBigDecimal("revenue_cents").toBigIntegerExact()))
                .list();
    }
}
