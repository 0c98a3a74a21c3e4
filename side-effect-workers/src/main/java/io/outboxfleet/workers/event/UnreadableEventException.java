package io.outboxfleet.workers.event;

/**
 * A record that can never be processed as it is (missing header, payload that is not JSON or lacks
 * a required field). Permanent: retrying it cannot help.
 */
public final class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String reason) {
        super(reason);
    }

    public UnreadableEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
