package io.outboxfleet.command.order;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.command.web.FieldViolation;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;

/** How each refusal of {@code create_order_transaction} is told to the caller. */
final class OrderRejections {

    private OrderRejections() {}

    static ApiProblem toProblem(OrderRejectedException e, PlaceOrder request) {
        return switch (e.reason()) {
            case INSUFFICIENT_STOCK ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "insufficient-stock",
                                    "Insufficient stock",
                                    "not enough stock of product " + e.detail().get("productId"))
                            .with("productId", e.detail().get("productId"))
                            .with("requested", e.detail().get("requested"))
                            .with("available", e.detail().get("available"));
            case UNKNOWN_PRODUCT ->
                    unknownProduct(String.valueOf(e.detail().get("productId")), request);
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
            case UNKNOWN_ORDER, NOT_CANCELLABLE, VERSION_MISMATCH, STOCK_OUT_OF_RANGE ->
                    forCancel(e);
        };
    }

    /**
     * Refusals of {@code cancel_order_transaction}. A stale {@code If-Match} is 412 (the HTTP
     * precondition failed); cancelling an order that is no longer PENDING_PAYMENT is 409. Both
     * carry {@code currentVersion}.
     */
    static ApiProblem forCancel(OrderRejectedException e) {
        return switch (e.reason()) {
            case UNKNOWN_ORDER -> ApiProblem.notFound("order", e.detail().get("orderId"));
            case VERSION_MISMATCH ->
                    new ApiProblem(
                                    HttpStatus.PRECONDITION_FAILED,
                                    "version-mismatch",
                                    "Version mismatch",
                                    "the order changed since version given in If-Match")
                            .with("currentVersion", e.detail().get("currentVersion"));
            case NOT_CANCELLABLE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "order-not-cancellable",
                                    "Order not cancellable",
                                    "an order in status "
                                            + e.detail().get("status")
                                            + " cannot be cancelled")
                            .with("orderStatus", e.detail().get("status"))
                            .with("currentVersion", e.detail().get("currentVersion"));
            case STOCK_OUT_OF_RANGE ->
                    new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "stock-out-of-range",
                                    "Stock out of range",
                                    "putting the order's units back would pass the largest stock"
                                            + " of product "
                                            + e.detail().get("productId"))
                            .with("productId", e.detail().get("productId"));
            default -> new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
        };
    }

    /**
     * Names every line that asked for the unknown product, for example {@code items[1].productId}.
     */
    private static ApiProblem unknownProduct(String productId, PlaceOrder request) {
        List<FieldViolation> errors =
                IntStream.range(0, request.items().size())
                        .filter(
                                i ->
                                        request.items()
                                                .get(i)
                                                .productId()
                                                .toString()
                                                .equals(productId))
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
