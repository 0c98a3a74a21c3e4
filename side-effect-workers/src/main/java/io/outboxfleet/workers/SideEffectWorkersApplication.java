package io.outboxfleet.workers;

import io.outboxfleet.startup.ServiceMain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Kafka consumers that turn committed events into side effects (email, CRM sync, signed webhooks):
 * each (event id, effect, target) is done once, unless a crash repeats it with the same idempotency
 * key (docs/guarantees.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SideEffectWorkersApplication {

    private static final String COMMON_POOL_PARALLELISM =
            "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        poolAsyncCompletions();
        // a failed start ends the JVM with one line naming the variable (fleet-startup)
        ServiceMain.run(SideEffectWorkersApplication.class, args);
        if (!asyncCompletionsPooled()) {
            org.slf4j.LoggerFactory.getLogger(SideEffectWorkersApplication.class)
                    .warn(
                            "CompletableFuture starts a thread per asynchronous stage: start the"
                                    + " JVM with -D{}=2 or more",
                            COMMON_POOL_PARALLELISM);
        }
    }

    /**
     * On one or two cores the JVM's common pool has a single thread, and then CompletableFuture
     * runs every stage without an explicit executor on a new thread. The JDK HttpClient hands each
     * response to that default executor, so every webhook and CRM answer started a thread
     * (measured: 200 threads/s while draining, and most of the worker's CPU). Two common-pool
     * threads make it a pool again. Runs before anything uses CompletableFuture; an explicit
     * setting wins.
     */
    static void poolAsyncCompletions() {
        // read once, when ForkJoinPool initialises (so not asked of it here): the common pool has
        // one thread less than the cores
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null
                && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }

    /** Whether stages without an explicit executor run on a pool rather than a new thread each. */
    static boolean asyncCompletionsPooled() {
        return new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool;
    }
}
