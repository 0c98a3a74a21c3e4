package io.outboxfleet.command.security;

import io.outboxfleet.command.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A request the security firewall refuses (raw non-ASCII bytes in a header, {@code %00} or an
 * encoded {@code ..} in the path, ...) is a 400 problem from the one advice, logged in one line
 * without a stack trace, instead of an exception that ends as a 500.
 */
@Component
class FirewallRejections implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(FirewallRejections.class);

    private final HandlerExceptionResolver problems;

    FirewallRejections(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
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
        problems.resolveException(request, response, null, ApiProblem.rejectedRequest());
    }
}
