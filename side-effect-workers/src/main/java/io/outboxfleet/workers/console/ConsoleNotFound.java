package io.outboxfleet.workers.console;

/** A console page for something that does not exist: answered 404. */
final class ConsoleNotFound extends RuntimeException {
    ConsoleNotFound(String message) {
        super(message);
    }
}
