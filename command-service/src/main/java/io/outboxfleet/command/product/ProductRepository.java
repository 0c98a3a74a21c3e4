package io.outboxfleet.command.product;

import io.outboxfleet.command.database.DatabaseRefusal;
import io.outboxfleet.command.web.ApiProblem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code products} table. */
@Repository
class ProductRepository {

    static final String UNKNOWN_PRODUCT = "OF002";
    static final String STOCK_NEVER_NEGATIVE = "OF008";
    static final String STOCK_OUT_OF_RANGE = "OF152";

    /** Sets fleet.actor for the audit trigger in the insert's own transaction. */
    private static final String INSERT =
            """
            insert into products (sku, name, price_cents, currency, stock)
            select :sku, :name, :priceCents, :currency, :stock
              from (select set_config('fleet.actor', :actor, true)) as audit_actor
            returning id, sku, name, price_cents, currency, stock, version
            """;

    private static final String ADJUST_STOCK =
            """
            select adjust_product_stock(:productId, :delta, :actor, :headers::jsonb)::text
            """;

    private static final String FIND_ALL =
            """
            select id, sku, name, price_cents, currency, stock, version
              from products
             order by sku
            """;

    private static final String FIND_BY_ID =
            """
            select id, sku, name, price_cents, currency, stock, version
              from products
             where id = :id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProductRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Inserts a product.
     *
     * @throws ApiProblem 409 {@code duplicate-sku} when the sku is taken
     */
    Product insert(NewProduct product, String actor) {
        try {
            return jdbc.sql(INSERT)
                    .param("actor", actor)
                    .param("sku", product.sku())
                    .param("name", product.name())
                    .param("priceCents", product.priceCents())
                    .param("currency", product.currency())
                    .param("stock", product.stock())
                    .query(ProductRepository::map)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(
                            HttpStatus.CONFLICT,
                            "duplicate-sku",
                            "Duplicate sku",
                            "a product with sku " + product.sku() + " already exists")
                    .with("sku", product.sku());
        }
    }

    /**
     * Moves stock by {@code delta} and writes product.stock_changed in one transaction.
     *
     * @throws ApiProblem unknown product (404), or stock would fall below 0 or pass what the column
     *     holds (409); nothing written
     */
    Product adjustStock(UUID productId, int delta, String actor) {
        String adjusted;
        try {
            adjusted =
                    jdbc.sql(ADJUST_STOCK)
                            .param("productId", productId)
                            .param("delta", delta)
                            .param("actor", actor)
                            .param("headers", "{}")
                            .query(String.class)
                            .single();
        } catch (DataAccessException e) {
            throw DatabaseRefusal.translate(e, json, refusal -> refused(refusal, productId, delta));
        }
        return json.readValue(adjusted, Product.class);
    }

    /** The refusals of {@code adjust_product_stock}. */
    private static ApiProblem refused(DatabaseRefusal refusal, UUID productId, int delta) {
        return switch (refusal.sqlState()) {
            case UNKNOWN_PRODUCT -> ApiProblem.notFound("product", productId);
            case STOCK_NEVER_NEGATIVE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "stock-never-negative",
                                    "Stock never negative",
                                    "stock " + refusal.number("stock") + " cannot move by " + delta)
                            .with("stock", refusal.number("stock"))
                            .with("delta", delta);
            case STOCK_OUT_OF_RANGE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "stock-out-of-range",
                                    "Stock out of range",
                                    "stock "
                                            + refusal.number("stock")
                                            + " cannot move by "
                                            + delta
                                            + ": at most "
                                            + Integer.MAX_VALUE
                                            + " units")
                            .with("stock", refusal.number("stock"))
                            .with("delta", delta);
            default -> throw refusal.unexpected();
        };
    }

    List<Product> findAll() {
        return jdbc.sql(FIND_ALL).query(ProductRepository::map).list();
    }

    Optional<Product> findById(UUID id) {
        return jdbc.sql(FIND_BY_ID).param("id", id).query(ProductRepository::map).optional();
    }

    private static Product map(ResultSet rs, int row) throws SQLException {
        return new Product(
                rs.getObject("id", UUID.class),
                rs.getString("sku"),
                rs.getString("name"),
                rs.getLong("price_cents"),
                rs.getString("currency"),
                rs.getInt("stock"),
                rs.getLong("version"));
    }
}
