package io.outboxfleet.command.payment;

import java.util.Map;

/** The database refused a payment event; nothing of it was written. */
final class PaymentRejectedException extends RuntimeException {

    /** The refusals of {@code apply_payment_event}, by SQLSTATE. */
    enum Reason {
        AMOUNT_MISMATCH("OF101"),
        UNKNOWN_ORDER("OF102"),
        ORDER_NOT_PAYABLE("OF103");

        final String sqlState;

        Reason(String sqlState) {
            this.sqlState = sqlState;
        }
    }

    private final Reason reason;
    private final Map<String, Object> detail;

    PaymentRejectedException(Reason reason, Map<String, Object> detail) {
        super(reason.name().toLowerCase());
        this.reason = reason;
        this.detail = detail;
    }

    Reason reason() {
        return reason;
    }

    Map<String, Object> detail() {
        return detail;
    }
}
