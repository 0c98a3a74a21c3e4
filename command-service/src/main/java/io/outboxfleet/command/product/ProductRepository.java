package io.outboxfleet.command.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code products} table. */
@Repository
class ProductRepository {

    private static final String INSERT = """
            insert into products (sku, name, price_cents, currency, stock)
            values (:sku, :name, :priceCents, :currency, :stock)
            returning id, sku, name, price_cents, currency, stock, version
            """;

    private static final String FIND_ALL = """
            select id, sku, name, price_cents, currency, stock, version
              from products
             order by sku
            """;

    private static final String FIND_BY_ID = """
            select id, sku, name, price_cents, currency, stock, version
              from products
             where id = :id
            """;

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a product; a taken sku raises {@link org.springframework.dao.DuplicateKeyException}. */
    Product insert(NewProduct product) {
        return jdbc.sql(INSERT)
                .param("sku", product.sku())
                .param("name", product.name())
                .param("priceCents", product.priceCents())
                .param("currency", product.currency())
                .param("stock", product.stock())
                .query(ProductRepository::map)
                .single();
    }

    List<Product> findAll() {
        return jdbc.sql(FIND_ALL).query(ProductRepository::map).list();
    }

    Optional<Product> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(ProductRepository::map).optional();
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("name"),
                rs.getLong("price_cents"), rs.getString("currency"), rs.getInt("stock"), rs.getLong("version"));
    }
}
