package io.outboxfleet.workers.effect;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A Resilience4j circuit breaker and bulkhead per destination (named by {@link
 * EffectAction#destination()}), created on first use. Failures that say nothing about the
 * destination's health (a permanent 4xx) count as successes for the breaker. Metrics: {@code
 * resilience4j_circuitbreaker_state{name}}, {@code
 * resilience4j_bulkhead_available_concurrent_calls{name}} and friends.
 */
@Component
class Destinations {

    private static final Logger log = LoggerFactory.getLogger(Destinations.class);

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    Destinations(
            CircuitBreakerProperties breaker, DeliveryProperties delivery, MeterRegistry meters) {
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
        this.bulkheads =
                BulkheadRegistry.of(
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(delivery.perDestination())
                                .maxWaitDuration(Duration.ZERO)
                                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
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

    Bulkhead bulkhead(String destination) {
        return bulkheads.bulkhead(destination);
    }

    /**
     * Destinations not to claim work for now: bulkhead full, or circuit open (it half-opens by
     * itself).
     */
    Set<String> unavailable() {
        return Stream.concat(
                        bulkheads.getAllBulkheads().stream()
                                .filter(b -> b.getMetrics().getAvailableConcurrentCalls() == 0)
                                .map(Bulkhead::getName),
                        breakers.getAllCircuitBreakers().stream()
                                .filter(
                                        b ->
                                                b.getState() == CircuitBreaker.State.OPEN
                                                        || b.getState()
                                                                == CircuitBreaker.State.FORCED_OPEN)
                                .map(CircuitBreaker::getName))
                .collect(Collectors.toSet());
    }
}
