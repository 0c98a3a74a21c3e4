package io.outboxfleet.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A request the security firewall refuses (raw non-ASCII bytes in a header, an encoded {@code ..},
 * {@code //} or {@code ;} in the path, ...) is a 400 problem of type {@code rejected-request},
 * logged in one line without a stack trace. Without it Spring Security answers with {@code
 * sendError(400)}, which ends in Boot's error JSON, and a refusal while a controller reads a header
 * could end as a 500. Each service registers it as a bean, with the {@code
 * handlerExceptionResolver} of its own problem advice, so the body has the shape of the service's
 * other problems.
 */
public final class FirewallRejections implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(FirewallRejections.class);

    private final HandlerExceptionResolver problems;

    public FirewallRejections(HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    /** The problem a firewall refusal is answered with. */
    public static ErrorResponseException problem() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST,
                        "the request line or a header holds characters this service does not"
                                + " accept");
        problem.setType(URI.create(TomcatProblems.TYPE_BASE + "rejected-request"));
        problem.setTitle("Request rejected");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    @Override
    public void handle(
            HttpServletRequest request,
            HttpServletResponse response,
            RequestRejectedException rejected) {
        // the firewall's message may quote a header value (a token): not logged
        String path = request.getRequestURI();
        log.warn(
                "request refused by the firewall: {} {}",
                request.getMethod(),
                path == null ? "" : path.substring(0, Math.min(200, path.length())));
        if (problems.resolveException(request, response, null, problem()) == null
                && !response.isCommitted()) {
            // no advice took it (none registered): at least the status
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
    }
}
