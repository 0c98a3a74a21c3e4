package io.outboxfleet.relay.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkSignalTest {

    private final WorkSignal signal = new WorkSignal();

    @Test
    void aRaisedSignalWakesTheWaitingPollAtOnce() throws Exception {
        signal.awaitWork(Duration.ZERO); // the first poll never waits; clears the signal
        CompletableFuture<Long> waited =
                CompletableFuture.supplyAsync(
                        () -> {
                            long start = System.nanoTime();
                            try {
                                signal.awaitWork(Duration.ofMinutes(1));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return System.nanoTime() - start;
                        });
        Thread.sleep(100);
        assertThat(waited).isNotDone();

        signal.raise();

        assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void workQueuedDuringAPollIsNotMissed() throws Exception {
        signal.awaitWork(Duration.ZERO);
        signal.raise(); // a change queued while the task was polling

        long start = System.nanoTime();
        signal.awaitWork(Duration.ofMinutes(1));

        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void anIdleWaitEndsAfterTheIdleWakeUp() throws Exception {
        signal.awaitWork(Duration.ZERO);

        long start = System.nanoTime();
        signal.awaitWork(Duration.ofMillis(200));

        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void releaseEndsAWaitWithoutWork() throws Exception {
        signal.awaitWork(Duration.ZERO);
        CompletableFuture<Void> waited =
                CompletableFuture.runAsync(
                        () -> {
                            try {
                                signal.awaitWork(Duration.ofMinutes(1));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(100);

        signal.release();

        waited.get(10, TimeUnit.SECONDS);
    }

    @Test
    void raiseAgainMakesTheNextPollImmediate() throws Exception {
        signal.awaitWork(Duration.ZERO);
        signal.raiseAgain();

        long start = System.nanoTime();
        signal.awaitWork(Duration.ofMinutes(1));

        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void oneSignalPerEngine() {
        assertThat(WorkSignal.of("outbox-relay-a")).isSameAs(WorkSignal.of("outbox-relay-a"));
        assertThat(WorkSignal.of("outbox-relay-a")).isNotSameAs(WorkSignal.of("outbox-relay-b"));
    }
}
