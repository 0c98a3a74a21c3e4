package io.outboxfleet.workers.startup;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Prints a known misconfiguration as one line on stderr and stops Spring Boot from printing its
 * stack trace; any other failure is left to Spring Boot's failure analyzers. Registered in {@code
 * META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StartupFailureReporter implements SpringBootExceptionReporter {

    @Override
    public boolean reportException(Throwable failure) {
        return StartupFailures.explain(failure)
                .map(
                        line -> {
                            System.err.println("side-effect-workers cannot start: " + line);
                            return true;
                        })
                .orElse(false);
    }
}
