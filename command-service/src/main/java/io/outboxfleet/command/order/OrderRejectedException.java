package io.outboxfleet.command.order;

import java.util.Map;

/**
 * {@code create_order_transaction} or {@code cancel_order_transaction} refused the command; nothing
 * was written. The reasons are the function's SQLSTATEs of class OF.
 */
class OrderRejectedException extends RuntimeException {

    enum Reason {
        INSUFFICIENT_STOCK("OF001"),
        UNKNOWN_PRODUCT("OF002"),
        MIXED_CURRENCY("OF003"),
        EMPTY_ORDER("OF004"),
        UNKNOWN_ORDER("OF005"),
        NOT_CANCELLABLE("OF006"),
        VERSION_MISMATCH("OF007"),
        TOTAL_OUT_OF_RANGE("OF151"),
        STOCK_OUT_OF_RANGE("OF152");

        final String sqlState;

        Reason(String sqlState) {
            this.sqlState = sqlState;
        }
    }

    private final Reason reason;
    private final Map<String, Object> detail;

    OrderRejectedException(Reason reason, String message, Map<String, Object> detail) {
        super(message);
        this.reason = reason;
        this.detail = detail;
    }

    Reason reason() {
        return reason;
    }

    /**
     * The function's structured detail (for example productId, requested, available); may be empty.
     */
    Map<String, Object> detail() {
        return detail;
    }
}
