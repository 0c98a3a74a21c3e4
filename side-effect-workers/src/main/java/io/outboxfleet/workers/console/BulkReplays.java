package io.outboxfleet.workers.console;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Replays a set of dead letters in the background at {@code fleet.console.replay-rate} per second,
 * one set at a time per process, so a big replay does not flood the recovered destination. Progress
 * is kept in memory (lost on restart; the dead letters still replayed keep their replayed_at).
 */
@Component
class BulkReplays implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BulkReplays.class);

    /** A bulk replay's progress. */
    record Progress(
            String startedBy,
            Instant startedAt,
            int total,
            int done,
            int queued,
            int refused,
            boolean finished) {}

    private final ReplaySeam seam;
    private final ConsoleProperties properties;
    private final Clock clock;
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "console-bulk-replay"));
    private final AtomicReference<Progress> current = new AtomicReference<>();

    BulkReplays(ReplaySeam seam, ConsoleProperties properties, Clock clock) {
        this.seam = seam;
        this.properties = properties;
        this.clock = clock;
    }

    /** The running or last bulk replay; null before the first. */
    Progress progress() {
        return current.get();
    }

    /** False when another bulk replay is still running. */
    synchronized boolean start(List<UUID> ids, String operator) {
        Progress running = current.get();
        if (running != null && !running.finished()) {
            return false;
        }
        current.set(new Progress(operator, clock.instant(), ids.size(), 0, 0, 0, ids.isEmpty()));
        log.info("bulk replay of {} dead letter(s) started by {}", ids.size(), operator);
        worker.execute(() -> run(ids, operator));
        return true;
    }

    private void run(List<UUID> ids, String operator) {
        long pauseNanos = TimeUnit.SECONDS.toNanos(1) / properties.replayRate();
        AtomicInteger queued = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Instant started = current.get().startedAt();
        int done = 0;
        for (UUID id : ids) {
            long next = System.nanoTime() + pauseNanos;
            try {
                if (seam.replay(id).queued()) {
                    queued.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            } catch (RuntimeException e) {
                refused.incrementAndGet();
                log.warn("bulk replay: dead letter {} failed: {}", id, e.getMessage());
            }
            done++;
            current.set(
                    new Progress(
                            operator,
                            started,
                            ids.size(),
                            done,
                            queued.get(),
                            refused.get(),
                            done == ids.size()));
            long wait = next - System.nanoTime();
            if (wait > 0 && done < ids.size()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.info(
                "bulk replay by {} finished: {} queued, {} refused",
                operator,
                queued.get(),
                refused.get());
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
