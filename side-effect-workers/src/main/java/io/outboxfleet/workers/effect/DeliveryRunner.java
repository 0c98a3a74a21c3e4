package io.outboxfleet.workers.effect;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.outboxfleet.workers.effect.EffectMetrics.Outcome;
import io.outboxfleet.workers.effect.EffectQueue.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes one attempt of one queued delivery. In one Postgres transaction it claims (event id,
 * effect, target) in {@code effect_log}, performs the action and removes the queue row, so the
 * effect's completion and its record commit together; an effect already in the log is skipped. A
 * failure rolls that back and, in a second transaction, records the attempt and either schedules
 * the next one (backoff with full jitter, Retry-After honoured) or, after the last attempt or a
 * permanent failure, moves the event to the dead letters.
 *
 * <p>Not guaranteed: if the process dies after the effect happened but before the commit, the
 * effect is repeated once its lease ends; the destination then sees the same idempotency key
 * (Message-ID, Idempotency-Key, webhook-id).
 */
@Component
class DeliveryRunner {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

    private final EffectHandlers handlers;
    private final EffectLog effectLog;
    private final EffectQueue queue;
    private final DeliveryAttempts attempts;
    private final DeadLetters deadLetters;
    private final Destinations destinations;
    private final RetryProperties retry;
    private final DeliveryProperties delivery;
    private final TransactionTemplate transaction;
    private final EffectMetrics metrics;
    private final Clock clock;

    DeliveryRunner(
            EffectHandlers handlers,
            EffectLog effectLog,
            EffectQueue queue,
            DeliveryAttempts attempts,
            DeadLetters deadLetters,
            Destinations destinations,
            RetryProperties retry,
            DeliveryProperties delivery,
            TransactionTemplate transaction,
            EffectMetrics metrics,
            Clock clock) {
        this.handlers = handlers;
        this.effectLog = effectLog;
        this.queue = queue;
        this.attempts = attempts;
        this.deadLetters = deadLetters;
        this.destinations = destinations;
        this.retry = retry;
        this.delivery = delivery;
        this.transaction = transaction;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Makes the attempt with the event's trace id and id in the MDC, so every log line of it names
     * them.
     */
    void attempt(Delivery d) {
        EventLogContext context = EventLogContext.of(d.traceparent(), d.event().id());
        try {
            attemptInContext(d);
        } finally {
            context.close();
        }
    }

    private void attemptInContext(Delivery d) {
        Optional<EffectAction> action;
        try {
            action =
                    handlers.find(d.effect(), d.event().type())
                            .flatMap(
                                    h ->
                                            h.actions(d.event()).stream()
                                                    .filter(a -> a.target().equals(d.target()))
                                                    .findFirst());
        } catch (RuntimeException e) {
            giveUp(d, d.attempts(), null, "cannot rebuild the effect: " + e.getMessage());
            return;
        }
        if (action.isEmpty()) {
            giveUp(
                    d,
                    d.attempts(),
                    null,
                    "target "
                            + d.target()
                            + " no longer receives "
                            + d.event().type()
                            + " events (deleted, disabled or unsubscribed)");
            return;
        }
        CircuitBreaker breaker = destinations.circuitBreaker(d.destination());
        if (!breaker.tryAcquirePermission()) {
            metrics.attempt(d.effect(), Outcome.DEFERRED);
            queue.release(d.id(), clock.instant().plus(delivery.pollInterval()));
            return;
        }
        int attempt = d.attempts() + 1;
        long started = System.nanoTime();
        try {
            boolean performed =
                    Boolean.TRUE.equals(
                            transaction.execute(
                                    status -> {
                                        boolean claimed =
                                                effectLog.claim(
                                                        d.event().id(), d.effect(), d.target());
                                        if (claimed) {
                                            action.get().perform().run();
                                        }
                                        queue.delete(d.id());
                                        attempts.record(
                                                d.event().id(),
                                                d.effect(),
                                                d.target(),
                                                attempt,
                                                claimed ? "success" : "duplicate",
                                                null,
                                                null,
                                                clock.instant());
                                        return claimed;
                                    }));
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (performed) {
                metrics.attempt(d.effect(), Outcome.SUCCESS);
                metrics.done(d.effect(), d.event().time());
                log.info(
                        "{} of event {} ({}) to {} done, attempt {}",
                        d.effect().label(),
                        d.event().id(),
                        d.event().type(),
                        d.target(),
                        attempt);
            } else {
                metrics.attempt(d.effect(), Outcome.DUPLICATE);
            }
        } catch (RuntimeException e) {
            EffectFailure failure =
                    e instanceof EffectFailure f ? f : EffectFailure.retryable(describe(e), e);
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            failed(d, attempt, failure);
        }
    }

    private void failed(Delivery d, int attempt, EffectFailure failure) {
        Integer status = failure.statusCode().orElse(null);
        if (failure instanceof EffectFailure.Permanent
                || retry.exhausted(attempt, d.attemptLimit())) {
            String reason =
                    (failure instanceof EffectFailure.Permanent
                                    ? "permanent failure: "
                                    : "gave up after " + attempt + " attempts: ")
                            + failure.getMessage();
            giveUp(d, attempt, status, reason);
            return;
        }
        Instant now = clock.instant();
        Duration delay = retry.delayAfter(attempt, failure);
        transaction.executeWithoutResult(
                tx -> {
                    attempts.record(
                            d.event().id(),
                            d.effect(),
                            d.target(),
                            attempt,
                            "failure",
                            status,
                            failure.getMessage(),
                            now);
                    queue.reschedule(d.id(), attempt, now.plus(delay), failure.getMessage());
                });
        metrics.attempt(d.effect(), Outcome.FAILURE);
        log.warn(
                "{} of event {} ({}) to {} failed, attempt {} of {}, next in {} ms: {}",
                d.effect().label(),
                d.event().id(),
                d.event().type(),
                d.target(),
                attempt,
                d.attemptLimit(),
                delay.toMillis(),
                failure.getMessage());
    }

    /**
     * The last attempt (or none, when {@code attempt} equals the attempts already made) ends in the
     * dead letters.
     */
    private void giveUp(Delivery d, int attempt, Integer status, String reason) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(
                tx -> {
                    attempts.record(
                            d.event().id(),
                            d.effect(),
                            d.target(),
                            Math.max(attempt, 1),
                            "dead_letter",
                            status,
                            reason,
                            now);
                    queue.delete(d.id());
                    deadLetters.gaveUp(d, reason, attempt, now);
                });
        metrics.attempt(d.effect(), Outcome.DEAD_LETTER);
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
