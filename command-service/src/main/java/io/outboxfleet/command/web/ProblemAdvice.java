package io.outboxfleet.command.web;

import io.outboxfleet.security.web.FirewallRejections;
import io.outboxfleet.security.web.PlainText;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become RFC 9457 problems ({@code application/problem+json}).
 * Features throw {@link ApiProblem}; the framework's, the database's and the security chain's
 * failures (routed here from the filter chain and the body size filter too) are described as one
 * here, so every error of the service has the same shape. Bad input is a 4xx, never a 500.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException e) {
        ApiProblem problem =
                new ApiProblem(
                        HttpStatus.UNAUTHORIZED,
                        "unauthorized",
                        "Unauthorized",
                        "a valid bearer token is required");
        return ResponseEntity.status(problem.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem.toProblemDetail());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> forbidden(AccessDeniedException e) {
        return apiProblem(
                new ApiProblem(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Forbidden",
                        "your roles do not allow this request"));
    }

    /**
     * The security firewall checks a header only when it is read (the {@code Idempotency-Key} by
     * the order feature): raw non-ASCII bytes there are the caller's fault, a 400.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e) {
        log.warn("request refused by the firewall while a header was read");
        return ResponseEntity.badRequest().body(FirewallRejections.problem().getBody());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Object> bodyTooLarge(BodyTooLargeException e) {
        return apiProblem(
                new ApiProblem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        "Request body too large",
                        e.getMessage()));
    }

    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<Object> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        return apiProblem(
                new ApiProblem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "unavailable",
                        "Service unavailable",
                        "the database is not reachable; retry later"));
    }

    /**
     * Defence in depth behind the checks at the edge: a value the database cannot hold (a number
     * out of its column's range, text it cannot store) is the caller's input, not a server fault.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> refusedByDatabase(DataIntegrityViolationException e) {
        String state =
                e.getMostSpecificCause() instanceof java.sql.SQLException sql
                        ? sql.getSQLState()
                        : null;
        if ("22003".equals(state)) {
            log.warn("a value out of the database's range reached it: {}", state);
            return apiProblem(
                    new ApiProblem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "value-out-of-range",
                            "Value out of range",
                            "a number of the request is larger than this service holds"));
        }
        if ("22021".equals(state) || "22P05".equals(state)) {
            log.warn("text the database cannot store reached it: {}", state);
            return apiProblem(
                    new ApiProblem(
                            HttpStatus.BAD_REQUEST,
                            "validation",
                            "Invalid request",
                            "a text of the request holds characters this service does not"
                                    + " store"));
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return apiProblem(
                new ApiProblem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "Internal error",
                        "an unexpected error occurred"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return apiProblem(ApiProblem.invalid(FieldViolations.of(e.getBindingResult())));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        Optional<BodyTooLargeException> tooLarge = cause(e, BodyTooLargeException.class);
        if (tooLarge.isPresent()) {
            return bodyTooLarge(tooLarge.get());
        }
        Optional<FieldViolation> wrongType = FieldViolations.of(e.getCause());
        if (wrongType.isPresent()) {
            return apiProblem(ApiProblem.invalid(List.of(wrongType.get())));
        }
        Optional<String> duplicate = FieldViolations.duplicateKey(e.getCause());
        String detail =
                duplicate
                        .map(key -> "the key \"" + key + "\" is given twice in one JSON object")
                        .orElse("the request body is missing or is not valid JSON");
        return apiProblem(
                new ApiProblem(
                        HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", detail));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String field = e.getPropertyName() == null ? "value" : e.getPropertyName();
        if (cause(e, PlainText.Refused.class).isPresent()) {
            // a parameter or header with NUL or a lone surrogate (PlainTextParameters)
            return apiProblem(ApiProblem.invalidField(field, PlainText.PROBLEM));
        }
        String expected =
                e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return apiProblem(ApiProblem.invalidField(field, "must be a " + expected));
    }

    /** Gives Spring MVC's own problems (404, 405, 415 ...) a type URI instead of about:blank. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null
                        || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String slug = known == null ? "error" : known.name().toLowerCase().replace('_', '-');
            problem.setType(ApiProblem.typeUri(slug));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
