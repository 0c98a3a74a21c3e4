package io.outboxfleet.command.web;

import java.io.IOException;

/**
 * A request body longer than the configured limit. An {@link IOException} because it is raised
 * while the body is read, from inside the input stream.
 */
class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limitBytes) {
        super("the request body exceeds " + limitBytes + " bytes");
    }
}
