package io.outboxfleet.workers.effect.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.effect.EffectTarget;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A Resilience4j circuit breaker per destination (named by {@link EffectTarget#destination()}),
 * created on first use; the in-flight limit is {@link DestinationLimits}. Failures that say nothing
 * about the destination's health (a permanent 4xx) count as successes for the breaker. Metrics:
 * {@code resilience4j_circuitbreaker_state{name}} and friends.
 */
@Component
class Destinations {

    private static final Logger log = LoggerFactory.getLogger(Destinations.class);

    private final CircuitBreakerRegistry breakers;

    Destinations(CircuitBreakerProperties breaker, MeterRegistry meters) {
        this.breakers =
                CircuitBreakerRegistry.of(
                        CircuitBreakerConfig.custom()
                                .failureRateThreshold(breaker.failureRateThreshold())
                                .slidingWindowSize(breaker.slidingWindowSize())
                                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                                .waitDurationInOpenState(breaker.waitInOpenState())
                                .permittedNumberOfCallsInHalfOpenState(
                                        breaker.callsInHalfOpenState())
                                .slowCallDurationThreshold(breaker.slowCallThreshold())
                                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                                .recordException(
                                        failure -> !(failure instanceof EffectFailure.Permanent))
                                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        breakers.getEventPublisher()
                .onEntryAdded(
                        added ->
                                added.getAddedEntry()
                                        .getEventPublisher()
                                        .onStateTransition(
                                                event ->
                                                        log.warn(
                                                                "circuit of destination {}: {}",
                                                                event.getCircuitBreakerName(),
                                                                event.getStateTransition())));
    }

    CircuitBreaker circuitBreaker(String destination) {
        return breakers.circuitBreaker(destination);
    }

    /** Destinations whose circuit is open now (it half-opens by itself): not to claim work for. */
    Set<String> open() {
        return breakers.getAllCircuitBreakers().stream()
                .filter(
                        b ->
                                b.getState() == CircuitBreaker.State.OPEN
                                        || b.getState() == CircuitBreaker.State.FORCED_OPEN)
                .map(CircuitBreaker::getName)
                .collect(Collectors.toSet());
    }
}
