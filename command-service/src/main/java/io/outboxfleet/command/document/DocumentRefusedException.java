package io.outboxfleet.command.document;

import io.outboxfleet.command.database.DatabaseRefusal;

/** A document function refused the write; nothing was written. */
class DocumentRefusedException extends RuntimeException {

    private final transient DatabaseRefusal refusal;

    DocumentRefusedException(DatabaseRefusal refusal) {
        super("refused with " + refusal.sqlState());
        this.refusal = refusal;
    }

    DatabaseRefusal refusal() {
        return refusal;
    }
}
