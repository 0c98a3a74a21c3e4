package io.outboxfleet.command.report;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The materialized view {@code sales_by_product_day}: read directly, refreshed concurrently. */
@Repository
class SalesReportRepository {

    private static final String FIND_RANGE =
            """
            select product_id, sku, day, units_sold, revenue_cents
              from sales_by_product_day
             where day between :from and :to
             order by day, sku
            """;

    /** Skips (answers false) while another instance refreshes; see R__report_functions.sql. */
    private static final String REFRESH =
            """
            select refresh_sales_by_product_day()
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

    /** Refreshes the view unless another session is refreshing it; answers whether it did. */
    boolean refresh() {
        return Boolean.TRUE.equals(jdbc.sql(REFRESH).query(Boolean.class).single());
    }
}
