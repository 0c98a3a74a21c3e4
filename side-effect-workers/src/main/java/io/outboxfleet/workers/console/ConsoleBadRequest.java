package io.outboxfleet.workers.console;

/** Bad input to a console page: answered 400 with the message on the error page. */
final class ConsoleBadRequest extends RuntimeException {
    ConsoleBadRequest(String message) {
        super(message);
    }
}
