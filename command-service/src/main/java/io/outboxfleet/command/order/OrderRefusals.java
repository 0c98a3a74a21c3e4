package io.outboxfleet.command.order;

import io.outboxfleet.command.database.DatabaseRefusal;
import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;

/**
 * What each refusal of the order functions ({@code R__order_functions.sql}, SQLSTATEs of class OF)
 * tells the caller.
 */
final class OrderRefusals {

    static final String INSUFFICIENT_STOCK = "OF001";
    static final String UNKNOWN_PRODUCT = "OF002";
    static final String MIXED_CURRENCY = "OF003";
    static final String EMPTY_ORDER = "OF004";
    static final String UNKNOWN_ORDER = "OF005";
    static final String NOT_CANCELLABLE = "OF006";
    static final String VERSION_MISMATCH = "OF007";
    static final String TOTAL_OUT_OF_RANGE = "OF151";
    static final String STOCK_OUT_OF_RANGE = "OF152";

    private OrderRefusals() {}

    /** Refusals of {@code create_order_transaction}. */
    static ApiProblem ofCreate(DatabaseRefusal refusal, List<PlaceOrder.Item> items) {
        return switch (refusal.sqlState()) {
            case INSUFFICIENT_STOCK ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "insufficient-stock",
                                    "Insufficient stock",
                                    "not enough stock of product "
                                            + refusal.detail().get("productId"))
                            .with("productId", refusal.detail().get("productId"))
                            .with("requested", refusal.detail().get("requested"))
                            .with("available", refusal.detail().get("available"));
            case UNKNOWN_PRODUCT ->
                    unknownProduct(String.valueOf(refusal.detail().get("productId")), items);
            case MIXED_CURRENCY ->
                    new ApiProblem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "mixed-currency",
                            "Mixed currency",
                            "all products of one order must share a currency");
            case EMPTY_ORDER -> ApiProblem.invalidField("items", "must not be empty");
            case TOTAL_OUT_OF_RANGE ->
                    new ApiProblem(
                                    HttpStatus.UNPROCESSABLE_CONTENT,
                                    "order-total-out-of-range",
                                    "Order total out of range",
                                    "the order's total would pass the largest amount this service"
                                            + " holds")
                            .with("maxTotalCents", Long.MAX_VALUE);
            default -> throw refusal.unexpected();
        };
    }

    /**
     * Refusals of {@code cancel_order_transaction}. A stale {@code If-Match} is 412 (the HTTP
     * precondition failed); cancelling an order that is no longer PENDING_PAYMENT is 409. Both
     * carry {@code currentVersion}.
     */
    static ApiProblem ofCancel(DatabaseRefusal refusal) {
        return switch (refusal.sqlState()) {
            case UNKNOWN_ORDER -> ApiProblem.notFound("order", refusal.detail().get("orderId"));
            case VERSION_MISMATCH ->
                    new ApiProblem(
                                    HttpStatus.PRECONDITION_FAILED,
                                    "version-mismatch",
                                    "Version mismatch",
                                    "the order changed since version given in If-Match")
                            .with("currentVersion", refusal.detail().get("currentVersion"));
            case NOT_CANCELLABLE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "order-not-cancellable",
                                    "Order not cancellable",
                                    "an order in status "
                                            + refusal.detail().get("status")
                                            + " cannot be cancelled")
                            .with("orderStatus", refusal.detail().get("status"))
                            .with("currentVersion", refusal.detail().get("currentVersion"));
            case STOCK_OUT_OF_RANGE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "stock-out-of-range",
                                    "Stock out of range",
                                    "putting the order's units back would pass the largest stock"
                                            + " of product "
                                            + refusal.detail().get("productId"))
                            .with("productId", refusal.detail().get("productId"));
            default -> throw refusal.unexpected();
        };
    }

    /**
     * Names every line that asked for the unknown product, for example {@code items[1].productId}.
     */
    private static ApiProblem unknownProduct(String productId, List<PlaceOrder.Item> items) {
        List<FieldViolation> errors =
                IntStream.range(0, items.size())
                        .filter(i -> items.get(i).productId().toString().equals(productId))
                        .mapToObj(
                                i ->
                                        new FieldViolation(
                                                "items[" + i + "].productId",
                                                "unknown product " + productId))
                        .toList();
        return new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "unknown-product",
                        "Unknown product",
                        "product " + productId + " does not exist")
                .with("productId", productId)
                .with(
                        "errors",
                        errors.isEmpty()
                                ? List.of(
                                        new FieldViolation("items", "unknown product " + productId))
                                : errors);
    }
}
