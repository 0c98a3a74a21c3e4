package io.outboxfleet.workers.effect.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Threads shared by the effects' asynchronous calls. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfig {

    /**
     * Runs the HTTP clients' completions and the little blocking work around a call (a cached
     * endpoint lookup, a DNS check): a few threads, whatever the number of calls in flight.
     */
    @Bean(name = "effectCallbacks", destroyMethod = "shutdown")
    ExecutorService effectCallbacks() {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return Executors.newFixedThreadPool(
                threads,
                r -> {
                    Thread thread = new Thread(r, "effect-io-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }
}
