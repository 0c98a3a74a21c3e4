package io.outboxfleet.relay.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells the engine's poll thread that Debezium's streaming thread has queued work, so the poll
 * thread can sleep while the WAL is quiet instead of running Debezium's queue poll, which spins for
 * the last millisecond of every {@code poll-interval} (about 10% of a core with 10 ms).
 *
 * <p>One signal per engine, found by the engine's name: Debezium builds the post-processor that
 * raises it and the task that waits on it from the same connector configuration, as separate
 * objects. No signal is lost: {@link #awaitWork} consumes the flag atomically before the task
 * polls, so a change queued during or after that poll raises it again. A record queued without
 * post-processing (a Debezium heartbeat) waits at most the idle wake-up of {@link #awaitWork}.
 */
final class WorkSignal {

    private static final Map<String, WorkSignal> BY_ENGINE = new ConcurrentHashMap<>();

    private final AtomicBoolean pending = new AtomicBoolean(true);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    private volatile boolean waiting;

    static WorkSignal of(String engineName) {
        return BY_ENGINE.computeIfAbsent(engineName, name -> new WorkSignal());
    }

    /** Called by the streaming thread for every change it is about to queue; cheap when raised. */
    void raise() {
        if (!pending.getAndSet(true) && waiting) {
            lock.lock();
            try {
                raised.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until work was signalled since the last call, or {@code idleWake} passed, and consumes
     * the signal.
     */
    void awaitWork(Duration idleWake) throws InterruptedException {
        if (pending.getAndSet(false)) {
            return;
        }
        lock.lock();
        try {
            waiting = true;
            long nanos = idleWake.toNanos();
            // a raise between the check above and 'waiting' is seen here, under the lock
            while (!pending.get() && nanos > 0) {
                nanos = raised.awaitNanos(nanos);
            }
        } finally {
            waiting = false;
            lock.unlock();
        }
        pending.set(false);
    }

    /** Makes the next {@link #awaitWork} return at once (a full batch left records queued). */
    void raiseAgain() {
        pending.set(true);
    }

    /** Lets a waiting poll return at once (the task is stopping). */
    void release() {
        pending.set(true);
        lock.lock();
        try {
            raised.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
