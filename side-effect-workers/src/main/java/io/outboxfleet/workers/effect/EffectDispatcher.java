package io.outboxfleet.workers.effect;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.outboxfleet.workers.effect.EffectQueue.Delivery;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers queued effects. One poller thread leases due heads of their ordering groups from {@code
 * effect_queue} (skipping destinations whose bulkhead is full or whose circuit is open) and hands
 * them to a pool of {@code fleet.delivery.threads}; several processes share the queue through
 * {@code for update skip locked} and leases. Woken at once by new work, otherwise polls every
 * {@code fleet.delivery.poll-interval}.
 *
 * <p>Shutdown: stops leasing, lets in-flight deliveries finish for {@code shutdown-grace}, then
 * interrupts them; an interrupted one is rolled back and retried (by any process) once its lease
 * ends.
 */
@Component
class EffectDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EffectDispatcher.class);

    private final EffectQueue queue;
    private final DeliveryRunner runner;
    private final Destinations destinations;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final String worker =
            ManagementFactory.getRuntimeMXBean().getName()
                    + "/"
                    + UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore signal = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private ExecutorService pool;
    private Thread poller;

    EffectDispatcher(
            EffectQueue queue,
            DeliveryRunner runner,
            Destinations destinations,
            DeliveryProperties properties,
            Clock clock) {
        this.queue = queue;
        this.runner = runner;
        this.destinations = destinations;
        this.properties = properties;
        this.clock = clock;
    }

    /** New work was queued or a slot freed up: look now instead of at the next poll. */
    void wake() {
        signal.release();
    }

    @Override
    public synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        pool =
                Executors.newFixedThreadPool(
                        properties.threads(),
                        r -> new Thread(r, "effect-delivery-" + n.incrementAndGet()));
        running = true;
        poller = new Thread(this::poll, "effect-dispatcher");
        poller.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        signal.release();
        try {
            poller.join(5000);
            pool.shutdown();
            if (!pool.awaitTermination(
                    properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "abandoning {} in-flight deliveries at shutdown; they are retried after their lease",
                        inFlight.get());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            try {
                int free = properties.threads() - inFlight.get();
                if (free > 0
                        && dispatch(
                                        queue.claimDue(
                                                free,
                                                destinations.unavailable(),
                                                clock.instant(),
                                                properties.lease(),
                                                worker))
                                > 0) {
                    continue;
                }
                signal.drainPermits();
                signal.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("cannot read the effect queue (retrying): {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    private int dispatch(List<Delivery> claimed) {
        for (Delivery delivery : claimed) {
            Bulkhead bulkhead = destinations.bulkhead(delivery.destination());
            if (!bulkhead.tryAcquirePermission()) {
                queue.release(delivery.id(), clock.instant());
                continue;
            }
            inFlight.incrementAndGet();
            pool.execute(
                    () -> {
                        try {
                            runner.attempt(delivery);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "delivery {} interrupted: {}; retried after its lease",
                                    delivery.id(),
                                    e.getMessage());
                        } finally {
                            bulkhead.onComplete();
                            inFlight.decrementAndGet();
                            signal.release();
                        }
                    });
        }
        return claimed.size();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
