package io.outboxfleet.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sales report's table on a real Postgres: V0105 fills it from the orders a database already
 * has, and the order functions keep it equal to what V0104's view computed (units and revenue per
 * product and UTC day, cancelled orders left out, no row for a product/day without sales).
 */
class SalesByProductDayIT {

    private static final PostgresServer POSTGRES = PostgresServer.shared();
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** What V0104's materialized view held, as text rows "product|day|units|revenue" in order. */
    private static final String RECOUNT =
            """
            select i.product_id || '|' || (o.created_at at time zone 'UTC')::date || '|'
                   || sum(i.quantity) || '|' || sum(i.quantity::numeric * i.unit_price_cents)
              from order_items i
              join orders o on o.id = i.order_id
             where o.status <> 'CANCELLED'
             group by i.product_id, (o.created_at at time zone 'UTC')::date
             order by 1""";

    private static final String TABLE =
            """
            select product_id || '|' || day || '|' || units_sold || '|' || revenue_cents
              from sales_by_product_day
             order by 1""";

    private static final String MUG = "00000000-0000-0000-0000-00000000000a";
    private static final String CUP = "00000000-0000-0000-0000-00000000000b";
    private static final String GOLD = "00000000-0000-0000-0000-00000000000c";

    private Connection db;

    @BeforeAll
    static void migrate() {
        flyway(POSTGRES.jdbcUrl(), "filesystem:" + MIGRATIONS).migrate();
    }

    @BeforeEach
    void connect() throws SQLException {
        POSTGRES.truncateApplicationTables();
        db =
                DriverManager.getConnection(
                        POSTGRES.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void placingAndCancellingKeepTheTableEqualToARecountOfTheOrders() throws SQLException {
        products(db);
        String first = place(MUG, 2, CUP, 1);
        assertThat(rows(db, TABLE)).isEqualTo(rows(db, RECOUNT)).hasSize(2);
        // the same product twice in one order is one line of the summed quantity
        String second = place(MUG, 1, MUG, 4);
        String third = place(CUP, 3);
        assertThat(rows(db, TABLE))
                .isEqualTo(rows(db, RECOUNT))
                .containsExactly(MUG + "|" + today() + "|7|8750", CUP + "|" + today() + "|4|1200");

        cancel(second);
        assertThat(rows(db, TABLE))
                .isEqualTo(rows(db, RECOUNT))
                .containsExactly(MUG + "|" + today() + "|2|2500", CUP + "|" + today() + "|4|1200");

        cancel(first);
        cancel(third);
        assertThat(rows(db, TABLE)).isEqualTo(rows(db, RECOUNT)).isEmpty();
    }

    @Test
    void aDaysRevenuePastABigintAddsUpAndComesBackDownExactly() throws SQLException {
        products(db);
        place(GOLD, 1);
        place(GOLD, 1);
        String third = place(GOLD, 1);
        assertThat(rows(db, TABLE))
                .isEqualTo(rows(db, RECOUNT))
                .containsExactly(GOLD + "|" + today() + "|3|13835058055282163712");

        cancel(third);
        assertThat(rows(db, TABLE))
                .isEqualTo(rows(db, RECOUNT))
                .containsExactly(GOLD + "|" + today() + "|2|9223372036854775808");
    }

    /** A database at V0104 with orders of two UTC days (one placed at 00:30+01), one cancelled. */
    @Test
    void upgradingFillsTheTableWithWhatTheViewShowed(@TempDir Path upToV0104)
            throws SQLException, IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("V") && name.compareTo("V0105") < 0) {
                    Files.copy(file, upToV0104.resolve(name));
                }
            }
        }
        try (Connection admin = POSTGRES.superuserConnection();
                Statement s = admin.createStatement()) {
            s.execute("drop database if exists sales_upgrade with (force)");
            s.execute("create database sales_upgrade owner " + PostgresServer.USER);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + "/sales_upgrade";
        flyway(url, "filesystem:" + upToV0104).migrate();
        try (Connection old =
                DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD)) {
            products(old);
            exec(
                    old,
                    """
                    insert into orders (id, customer_id, customer_email, status, total_cents,
                                        currency, created_at)
                    values ('00000000-0000-0000-0001-000000000001', 'alice', 'a@example.com',
                            'PAID', 2800, 'EUR', '2026-03-01 23:59:59+00'),
                           ('00000000-0000-0000-0001-000000000002', 'alice', 'a@example.com',
                            'PENDING_PAYMENT', 1250, 'EUR', '2026-03-02 00:00:00+00'),
                           ('00000000-0000-0000-0001-000000000003', 'alice', 'a@example.com',
                            'CANCELLED', 300, 'EUR', '2026-03-02 10:00:00+00'),
                           ('00000000-0000-0000-0001-000000000004', 'alice', 'a@example.com',
                            'PAID', 1250, 'EUR', '2026-03-02 00:30:00+01')""");
            exec(
                    old,
                    "insert into order_items (order_id, product_id, quantity, unit_price_cents)"
                            + " values ('00000000-0000-0000-0001-000000000001', '"
                            + MUG
                            + "', 2, 1250), ('00000000-0000-0000-0001-000000000001', '"
                            + CUP
                            + "', 1, 300), ('00000000-0000-0000-0001-000000000002', '"
                            + MUG
                            + "', 1, 1250), ('00000000-0000-0000-0001-000000000003', '"
                            + CUP
                            + "', 1, 300), ('00000000-0000-0000-0001-000000000004', '"
                            + MUG
                            + "', 1, 1250)");
            exec(old, "refresh materialized view sales_by_product_day");
            List<String> view = rows(old, TABLE);

            flyway(url, "filesystem:" + MIGRATIONS).migrate();

            assertThat(rows(old, TABLE))
                    .isEqualTo(view)
                    .containsExactly(
                            MUG + "|2026-03-01|3|3750",
                            MUG + "|2026-03-02|1|1250",
                            CUP + "|2026-03-01|1|300");
            assertThat(
                            rows(
                                    old,
                                    "select count(*) from pg_proc"
                                            + " where proname = 'refresh_sales_by_product_day'"))
                    .containsExactly("0");
        } finally {
            try (Connection admin = POSTGRES.superuserConnection();
                    Statement s = admin.createStatement()) {
                s.execute("drop database if exists sales_upgrade with (force)");
            }
        }
    }

    private static Flyway flyway(String url, String location) {
        return Flyway.configure()
                .dataSource(url, PostgresServer.USER, PostgresServer.PASSWORD)
                .locations(location)
                .load();
    }

    private static void products(Connection c) throws SQLException {
        exec(
                c,
                "insert into products (id, sku, name, price_cents, currency, stock) values ('"
                        + MUG
                        + "', 'MUG-1', 'Mug', 1250, 'EUR', 100), ('"
                        + CUP
                        + "', 'CUP-1', 'Cup', 300, 'EUR', 100), ('"
                        + GOLD
                        + "', 'GOLD-1', 'Gold', 4611686018427387904, 'EUR', 100)");
    }

    /** Places an order of (product id, quantity) pairs through create_order_transaction. */
    private String place(Object... items) throws SQLException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < items.length; i += 2) {
            lines.append(i == 0 ? "" : ", ")
                    .append("{\"productId\": \"")
                    .append(items[i])
                    .append("\", \"quantity\": ")
                    .append(items[i + 1])
                    .append("}");
        }
        return rows(
                        db,
                        "select create_order_transaction('{\"customerId\": \"alice\","
                                + " \"customerEmail\": \"a@example.com\", \"items\": ["
                                + lines
                                + "]}'::jsonb) ->> 'id'")
                .get(0);
    }

    private void cancel(String orderId) throws SQLException {
        rows(db, "select cancel_order_transaction('" + orderId + "', null, 'alice', null)");
    }

    private String today() throws SQLException {
        return rows(db, "select (now() at time zone 'UTC')::date").get(0);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
