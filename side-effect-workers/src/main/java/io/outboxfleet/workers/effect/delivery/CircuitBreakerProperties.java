package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The circuit breaker of each destination, one per webhook endpoint (named {@code webhook:} and the
 * endpoint's id), one for the CRM ({@code crm}), one for SMTP ({@code smtp}).
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
 *     (default 50)
 * @param slidingWindowSize calls the failure rate is computed over (default 20)
 * @param minimumNumberOfCalls calls needed before the rate counts (default 5)
 * @param waitInOpenState how long an open circuit refuses calls before letting trial calls through
 *     (default 30s)
 * @param callsInHalfOpenState trial calls that decide whether the circuit closes again (default 2)
 * @param slowCallThreshold a call slower than this counts as slow (default 10s); the slow-call rate
 *     threshold is Resilience4j's default (100%), so slow calls alone open the circuit only when
 *     every call in the window was slow
 */
@ConfigurationProperties("fleet.circuit-breaker")
public record CircuitBreakerProperties(
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitInOpenState,
        int callsInHalfOpenState,
        Duration slowCallThreshold) {

    public CircuitBreakerProperties {
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new Misconfiguration(
                    "FLEET_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD", "must be in (0, 100]");
        }
        if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || callsInHalfOpenState < 1) {
            throw new Misconfiguration(
                    "FLEET_CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE",
                    "window, minimum and trial calls must be at least 1");
        }
        if (waitInOpenState == null || (waitInOpenState.isNegative() || waitInOpenState.isZero())) {
            throw new Misconfiguration(
                    "FLEET_CIRCUIT_BREAKER_WAIT_IN_OPEN_STATE", "must be a positive duration");
        }
        if (slowCallThreshold == null
                || (slowCallThreshold.isNegative() || slowCallThreshold.isZero())) {
            throw new Misconfiguration(
                    "FLEET_CIRCUIT_BREAKER_SLOW_CALL_THRESHOLD", "must be a positive duration");
        }
    }
}
