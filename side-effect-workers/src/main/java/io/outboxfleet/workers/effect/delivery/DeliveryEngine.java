package io.outboxfleet.workers.effect.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectHandlers;
import io.outboxfleet.workers.effect.EventLogContext;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import io.outboxfleet.workers.effect.delivery.EffectQueue.Delivery;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers queued effects without holding a database transaction or connection during any call. One
 * thread loops: it claims due group heads in batches ({@code for update skip locked}, a short lease
 * renewed while it holds them), starts each call asynchronously as its destination's in-flight
 * limit allows, and writes the outcomes that came back in batches ({@link OutcomeWriter}). It
 * sleeps when there is nothing to do, woken by work taken in by this process, a call ending, or at
 * the latest after {@code fleet.delivery.poll-interval}.
 *
 * <p>Guarantees: an outcome is written as soon as the loop sees it (no waiting to fill a batch), so
 * the window in which a crash repeats a call that succeeded is the few milliseconds between the
 * answer and its commit; the repeat carries the same idempotency key. A success whose record fails
 * because the database is unavailable stays in memory (its claim renewed) and is written when the
 * database is back, never performed again. A claim of a process that died is taken over once its
 * lease ran out (5 s by default). Shutdown hands back at once the claims not started and lets
 * in-flight calls finish for {@code shutdown-grace}.
 */
@Component
public class DeliveryEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final Duration DATABASE_RETRY = Duration.ofMillis(500);

    private final EffectQueue queue;
    private final OutcomeWriter writer;
    private final EffectHandlers handlers;
    private final Destinations destinations;
    private final DestinationLimits limits;
    private final DeadLetters deadLetters;
    private final RetryProperties retry;
    private final DeliveryProperties properties;
    private final EffectMetrics metrics;
    private final Clock clock;
    private final String worker =
            ManagementFactory.getRuntimeMXBean().getName()
                    + "/"
                    + UUID.randomUUID().toString().substring(0, 8);

    private final Semaphore signal = new Semaphore(0);
    private final ConcurrentLinkedQueue<Outcome> completed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    // owned by the delivery thread
    private final Map<Long, Delivery> held = new HashMap<>();
    private final Map<String, ArrayDeque<Delivery>> waiting = new HashMap<>();
    private final List<Outcome> unwritten = new ArrayList<>();
    private Instant nextRenewal = Instant.MAX;
    private Instant databaseRetryAt = Instant.MIN;
    private long lastDatabaseWarning;

    private volatile boolean running;
    private volatile boolean stopping;
    private Thread thread;

    DeliveryEngine(
            EffectQueue queue,
            OutcomeWriter writer,
            EffectHandlers handlers,
            Destinations destinations,
            DestinationLimits limits,
            DeadLetters deadLetters,
            RetryProperties retry,
            DeliveryProperties properties,
            EffectMetrics metrics,
            Clock clock) {
        this.queue = queue;
        this.writer = writer;
        this.handlers = handlers;
        this.destinations = destinations;
        this.limits = limits;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** New work was queued: look now instead of at the next poll. */
    public void wake() {
        signal.release();
    }

    String worker() {
        return worker;
    }

    @Override
    public synchronized void start() {
        running = true;
        stopping = false;
        thread = new Thread(this::run, "effect-delivery");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        signal.release();
        try {
            thread.join(properties.shutdownGrace().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stopped before the Kafka consumers that feed it? No: after them (a lower phase stops later).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private void run() {
        Instant stopBy = null;
        while (true) {
            try {
                drainCompleted();
                if (!stopping) {
                    // the slots the finished calls freed go to claimed deliveries before the
                    // outcomes' write, so a slow destination's calls follow each other closely
                    startWaiting();
                }
                flush();
                if (stopping) {
                    if (stopBy == null) {
                        stopBy = clock.instant().plus(properties.shutdownGrace());
                        handBackWaiting();
                    }
                    if ((inFlight.get() == 0 && unwritten.isEmpty())
                            || clock.instant().isAfter(stopBy)) {
                        break;
                    }
                    renewIfDue();
                    await(Duration.ofMillis(100));
                    continue;
                }
                renewIfDue();
                startWaiting();
                int asked = claimLimit();
                int claimed = claim(asked);
                startWaiting();
                if ((claimed > 0 && claimed == asked) || !completed.isEmpty()) {
                    continue;
                }
                await(idleWait(claimed));
            } catch (RuntimeException e) {
                warnDatabase("delivery loop", e);
                try {
                    await(DATABASE_RETRY);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        finish();
    }

    /** On the way out: what is not in flight is handed back; in-flight ones keep their lease. */
    private void finish() {
        drainCompleted();
        flush();
        handBackWaiting();
        if (inFlight.get() > 0) {
            log.warn(
                    "abandoning {} in-flight deliveries at shutdown; another worker takes them over after their lease",
                    inFlight.get());
        }
    }

    private void drainCompleted() {
        for (Outcome outcome; (outcome = completed.poll()) != null; ) {
            unwritten.add(outcome);
        }
    }

    private void flush() {
        if (unwritten.isEmpty() || clock.instant().isBefore(databaseRetryAt)) {
            return;
        }
        OutcomeWriter.Written written;
        try {
            written = writer.write(unwritten, worker);
        } catch (RuntimeException e) {
            databaseRetryAt = clock.instant().plus(DATABASE_RETRY);
            warnDatabase(
                    "cannot record "
                            + unwritten.size()
                            + " outcome(s), kept until the database is back",
                    e);
            return;
        }
        databaseRetryAt = Instant.MIN;
        for (Outcome outcome : unwritten) {
            held.remove(outcome.delivery().id());
            recorded(outcome, written.duplicates().contains(outcome.delivery().id()));
        }
        unwritten.clear();
        written.deadLetters().forEach(deadLetters::publish);
        if (held.isEmpty()) {
            nextRenewal = Instant.MAX;
        }
    }

    private void recorded(Outcome outcome, boolean duplicate) {
        Delivery d = outcome.delivery();
        if (outcome instanceof Outcome.Done done) {
            metrics.attempt(
                    d.effect(),
                    duplicate ? EffectMetrics.Outcome.DUPLICATE : EffectMetrics.Outcome.SUCCESS);
            if (!duplicate) {
                metrics.done(d.effect(), d.event().time());
                // debug: every attempt is in delivery_attempts, failures log at warn; an info
                // line per effect cost 15% of the worker's CPU while draining (JFR)
                if (log.isDebugEnabled()) {
                    try (EventLogContext context =
                            EventLogContext.of(d.traceparent(), d.event().id())) {
                        log.debug(
                                "{} of event {} ({}) to {} done, attempt {}",
                                d.effect(),
                                d.event().id(),
                                d.event().type(),
                                d.target(),
                                done.attempt());
                    }
                }
            }
        } else if (outcome instanceof Outcome.Retry r) {
            metrics.attempt(d.effect(), EffectMetrics.Outcome.FAILURE);
            try (EventLogContext context = EventLogContext.of(d.traceparent(), d.event().id())) {
                log.warn(
                        "{} of event {} ({}) to {} failed, attempt {} of {}, next at {}: {}",
                        d.effect(),
                        d.event().id(),
                        d.event().type(),
                        d.target(),
                        r.attempt(),
                        d.attemptLimit(),
                        r.next(),
                        r.error());
            }
        } else if (outcome instanceof Outcome.GaveUp) {
            metrics.attempt(d.effect(), EffectMetrics.Outcome.DEAD_LETTER);
        }
    }

    private void renewIfDue() {
        Instant now = clock.instant();
        if (held.isEmpty() || now.isBefore(nextRenewal)) {
            return;
        }
        try {
            int kept = queue.renew(held.keySet(), now.plus(properties.lease()), worker);
            if (kept < held.size()) {
                log.warn(
                        "{} of {} claims were taken over by another worker (this one could not renew them in time)",
                        held.size() - kept,
                        held.size());
            }
            nextRenewal = now.plus(properties.lease().dividedBy(3));
        } catch (RuntimeException e) {
            nextRenewal = now.plus(DATABASE_RETRY);
            warnDatabase("cannot renew " + held.size() + " claim(s)", e);
        }
    }

    private int claimLimit() {
        if (!unwritten.isEmpty()) {
            return 0; // the database is down, or will be written first
        }
        return Math.min(properties.batchSize(), properties.maxInFlight() - held.size());
    }

    private int claim(int limit) {
        if (limit <= 0) {
            return 0;
        }
        Set<String> busy = new HashSet<>(destinations.open());
        waiting.forEach(
                (destination, deliveries) -> {
                    if (deliveries.size() >= limits.limitOf(destination)) {
                        busy.add(destination);
                    }
                });
        Instant now = clock.instant();
        List<Delivery> claimed =
                queue.claimDue(
                        limit, busy, now, properties.lease(), properties.restartGrace(), worker);
        for (Delivery d : claimed) {
            if (held.putIfAbsent(d.id(), d) != null) {
                continue;
            }
            if (d.previousHolder() != null && !outcomeUnknown(d, now)) {
                continue;
            }
            waiting.computeIfAbsent(d.destination(), x -> new ArrayDeque<>()).add(d);
        }
        if (!claimed.isEmpty() && nextRenewal.equals(Instant.MAX)) {
            nextRenewal = now.plus(properties.lease().dividedBy(3));
        }
        return claimed.size();
    }

    /**
     * A delivery whose previous holder stopped without settling it: it may or may not have been
     * done. Returns whether to attempt it again (policy {@code repeat}).
     */
    private boolean outcomeUnknown(Delivery d, Instant now) {
        if (properties.onOutcomeUnknown(d.effect()) == DeliveryProperties.OutcomeUnknown.PARK) {
            completed.add(
                    new Outcome.GaveUp(
                            d,
                            d.attempts(),
                            null,
                            "outcome unknown: worker "
                                    + d.previousHolder()
                                    + " stopped while it held this delivery; it may or may not have"
                                    + " been done (policy park: replay to do it again)",
                            now));
            return false;
        }
        try (EventLogContext context = EventLogContext.of(d.traceparent(), d.event().id())) {
            log.info(
                    "{} of event {} to {}: worker {} stopped while it held it, attempting it again with the same idempotency key",
                    d.effect(),
                    d.event().id(),
                    d.target(),
                    d.previousHolder());
        }
        return true;
    }

    private void startWaiting() {
        Iterator<Map.Entry<String, ArrayDeque<Delivery>>> entries = waiting.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, ArrayDeque<Delivery>> entry = entries.next();
            ArrayDeque<Delivery> deliveries = entry.getValue();
            while (!deliveries.isEmpty() && limits.tryAcquire(entry.getKey())) {
                start(deliveries.poll());
            }
            if (deliveries.isEmpty()) {
                entries.remove();
            }
        }
    }

    private void handBackWaiting() {
        List<Long> ids = new ArrayList<>();
        waiting.values().forEach(deliveries -> deliveries.forEach(d -> ids.add(d.id())));
        if (ids.isEmpty()) {
            return;
        }
        try {
            queue.release(ids, clock.instant(), worker);
            ids.forEach(held::remove);
            waiting.clear();
        } catch (RuntimeException e) {
            warnDatabase("cannot hand back " + ids.size() + " claim(s); their lease runs out", e);
        }
    }

    /** Starts one call; its destination's slot is already taken. */
    private void start(Delivery d) {
        Optional<EffectHandler> handler =
                handlers.effect(d.effect()).flatMap(e -> handlers.find(e, d.event().type()));
        Instant now = clock.instant();
        if (handler.isEmpty()) {
            limits.completed(d.destination(), false, false);
            completed.add(
                    new Outcome.GaveUp(
                            d,
                            d.attempts(),
                            null,
                            "no " + d.effect() + " handler for " + d.event().type() + " any more",
                            now));
            return;
        }
        CircuitBreaker breaker = destinations.circuitBreaker(d.destination());
        if (!breaker.tryAcquirePermission()) {
            limits.completed(d.destination(), false, false);
            metrics.attempt(d.effect(), EffectMetrics.Outcome.DEFERRED);
            completed.add(new Outcome.Deferred(d, now.plus(properties.pollInterval())));
            return;
        }
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        CompletableFuture<Void> call;
        try (EventLogContext context = EventLogContext.of(d.traceparent(), d.event().id())) {
            call = handler.get().perform(d.event(), d.target());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.orTimeout(properties.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> finished(d, breaker, started, failure));
    }

    /** On whichever thread the call ended: hands the outcome to the delivery thread. */
    private void finished(Delivery d, CircuitBreaker breaker, long started, Throwable failure) {
        try {
            long took = System.nanoTime() - started;
            EffectFailure effectFailure = failure == null ? null : classify(failure);
            if (effectFailure == null) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, effectFailure);
            }
            limits.completed(
                    d.destination(),
                    effectFailure == null,
                    effectFailure instanceof EffectFailure.Retryable r && r.overload());
            Instant now = clock.instant();
            int attempt = d.attempts() + 1;
            completed.add(
                    effectFailure == null
                            ? new Outcome.Done(d, attempt, now)
                            : failed(d, attempt, effectFailure, now));
        } finally {
            inFlight.decrementAndGet();
            signal.release();
        }
    }

    private Outcome failed(Delivery d, int attempt, EffectFailure failure, Instant now) {
        Integer status = failure.statusCode().orElse(null);
        if (failure instanceof EffectFailure.Permanent
                || retry.exhausted(attempt, d.attemptLimit())) {
            String reason =
                    (failure instanceof EffectFailure.Permanent
                                    ? "permanent failure: "
                                    : "gave up after " + attempt + " attempts: ")
                            + failure.getMessage();
            return new Outcome.GaveUp(d, attempt, status, reason, now);
        }
        return new Outcome.Retry(
                d,
                attempt,
                status,
                failure.getMessage(),
                now.plus(retry.delayAfter(attempt, failure)),
                now);
    }

    private EffectFailure classify(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof EffectFailure f) {
            return f;
        }
        if (cause instanceof io.outboxfleet.workers.event.UnreadableEventException unreadable) {
            return EffectFailure.permanent(unreadable.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return EffectFailure.timedOut(
                    "no outcome within " + properties.attemptTimeout(), cause);
        }
        return EffectFailure.retryable(
                cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
                cause);
    }

    private Duration idleWait(int claimed) {
        Instant now = clock.instant();
        Duration wait = properties.pollInterval();
        if (!held.isEmpty() && nextRenewal.isBefore(now.plus(wait))) {
            wait = Duration.between(now, nextRenewal);
        }
        if (!unwritten.isEmpty()) {
            return DATABASE_RETRY.compareTo(wait) < 0 ? DATABASE_RETRY : wait;
        }
        if (claimed == 0 && held.isEmpty()) {
            Instant due = queue.earliestDue();
            if (due != null && due.isAfter(now) && due.isBefore(now.plus(wait))) {
                wait = Duration.between(now, due);
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private void await(Duration wait) throws InterruptedException {
        if (signal.tryAcquire(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }

    private void warnDatabase(String what, RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastDatabaseWarning > TimeUnit.SECONDS.toNanos(10)) {
            lastDatabaseWarning = now;
            log.warn(
                    "{} (retrying; this warning repeats at most every 10 s): {}",
                    what,
                    e.getMessage());
        } else {
            log.debug("{}: {}", what, e.getMessage());
        }
    }
}
