package io.outboxfleet.workers.ops;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An RFC 9457 problem answer of the ops API. */
final class OpsProblem extends ErrorResponseException {

    OpsProblem(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
