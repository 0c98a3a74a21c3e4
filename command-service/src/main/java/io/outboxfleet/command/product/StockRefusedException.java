package io.outboxfleet.command.product;

import io.outboxfleet.command.database.DatabaseRefusal;

/** {@code adjust_product_stock} refused the change; nothing was written. */
class StockRefusedException extends RuntimeException {

    static final String UNKNOWN_PRODUCT = "OF002";
    static final String STOCK_NEVER_NEGATIVE = "OF008";
    static final String STOCK_OUT_OF_RANGE = "OF152";

    private final transient DatabaseRefusal refusal;

    StockRefusedException(DatabaseRefusal refusal) {
        super("refused with " + refusal.sqlState());
        this.refusal = refusal;
    }

    DatabaseRefusal refusal() {
        return refusal;
    }
}
