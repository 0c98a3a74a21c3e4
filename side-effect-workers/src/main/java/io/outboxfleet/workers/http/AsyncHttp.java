package io.outboxfleet.workers.http;

import io.outboxfleet.workers.effect.EffectFailure;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.util.unit.DataSize;

/**
 * The effects' HTTP client: Apache HttpClient 5's asynchronous client over HTTP/1.1 keep-alive
 * connections (many calls wait at once on one I/O thread, none has a thread of its own), a connect
 * timeout, a deadline per call, redirects never followed, no automatic retry (the delivery engine
 * retries), and at most {@code maxBody} of an answer read (a destination cannot make a worker read
 * an endless answer).
 *
 * <p>A host is looked up once per new connection, by the client's {@link Resolver}, and the
 * connection goes to one of the addresses it returned and to no other; the request keeps the URL's
 * host name for {@code Host}, TLS SNI and certificate verification. A kept-alive connection is
 * reused without a new lookup. Threads: one I/O thread and one timer thread per client, plus the
 * client's idle waiting thread; completions are handed to the given executor.
 */
public final class AsyncHttp implements AutoCloseable {

    /** The one DNS lookup of a new connection. What it returns is all the client may connect to. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @throws UnknownHostException when the host has no address (a retryable failure)
         * @throws EffectFailure to refuse the host: the call fails with it, as it is
         */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The system's resolver, for destinations the operator configured (the CRM). */
    public static final Resolver SYSTEM_DNS = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param connectTimeout longest wait for a TCP connection (and its TLS handshake)
     * @param responseTimeout longest a call may take, from send to the end of the answer read
     * @param maxBody most of an answer's body that is read; a longer one is cut off with its
     *     connection
     * @param maxConnections most connections open at once, to one host and in all; at least what
     *     the delivery engine lets be in flight, so that no call waits for a connection here
     */
    public record Limits(
            Duration connectTimeout,
            Duration responseTimeout,
            DataSize maxBody,
            int maxConnections) {}

    private static final ContentType JSON = ContentType.create("application/json");

    /** Idle connections are closed after this; servers rarely keep them longer (nginx 75s). */
    private static final TimeValue MAX_IDLE = TimeValue.ofMinutes(1);

    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager connections;
    private final ScheduledThreadPoolExecutor timer;
    private final Limits limits;
    private final Executor completions;
    private final Clock clock;

    /**
     * @param name names the client's threads, say {@code "webhook"}
     * @param completions runs the calls' completions (and what callers chain onto them); they do
     *     little work, the answer is small
     */
    public AsyncHttp(
            String name, Limits limits, Resolver resolver, Executor completions, Clock clock) {
        this.connections =
                PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new ResolveOnce(resolver))
                        .setTlsStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setDefaultTlsConfig(
                                TlsConfig.custom()
                                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                                        .build())
                        .setDefaultConnectionConfig(
                                ConnectionConfig.custom()
                                        .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                                        .setSocketTimeout(Timeout.of(limits.responseTimeout()))
                                        .build())
                        .setMaxConnPerRoute(limits.maxConnections())
                        .setMaxConnTotal(limits.maxConnections())
                        .build();
        this.client =
                HttpAsyncClients.custom()
                        .setConnectionManager(connections)
                        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                        .setThreadFactory(new DefaultThreadFactory(name + "-http", true))
                        .setDefaultRequestConfig(
                                RequestConfig.custom()
                                        .setResponseTimeout(Timeout.of(limits.responseTimeout()))
                                        .build())
                        .disableRedirectHandling()
                        .disableAutomaticRetries()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .disableConnectionState()
                        .build();
        this.timer =
                new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory(name + "-timer", true));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.scheduleWithFixedDelay(this::closeIdleConnections, 10, 10, TimeUnit.SECONDS);
        this.limits = limits;
        this.completions = completions;
        this.clock = clock;
        client.start();
    }

    /**
     * Sends the request; completes with the answer (any status), or exceptionally with an {@link
     * EffectFailure}: what the resolver refused the host with, {@linkplain EffectFailure#timedOut
     * timed out} when the connection or the answer took too long, retryable when the destination
     * could not be reached. Completes on the completions executor, within {@code responseTimeout}.
     *
     * @param headers sent as they are; {@code Content-Type} is {@code application/json}
     * @param json the body, sent as UTF-8
     * @param what names the call in failures, say {@code "CRM (PUT /deals/42)"}
     */
    public CompletableFuture<HttpAnswer> send(
            String method, URI uri, Map<String, String> headers, String json, String what) {
        BasicHttpRequest request = new BasicHttpRequest(method, uri);
        headers.forEach(request::setHeader);
        Call call = new Call(what);
        try {
            call.start(
                    client.execute(
                            new BasicRequestProducer(
                                    request,
                                    AsyncEntityProducers.create(
                                            json.getBytes(StandardCharsets.UTF_8), JSON)),
                            new CappedAnswer(
                                    (int) Math.min(limits.maxBody().toBytes(), Integer.MAX_VALUE),
                                    clock),
                            call));
        } catch (RuntimeException e) {
            call.failed(e);
        }
        return call.result;
    }

    /** Closes the connections; calls still in flight fail. */
    @Override
    public void close() {
        timer.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    private void closeIdleConnections() {
        connections.closeExpired();
        connections.closeIdle(MAX_IDLE);
    }

    /** One call: its deadline, and its outcome handed to the completions executor. */
    private final class Call implements FutureCallback<HttpAnswer> {
        final CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        private final String what;
        private final AtomicBoolean pastDeadline = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Call(String what) {
            this.what = what;
        }

        void start(Future<HttpAnswer> exchange) {
            deadline =
                    timer.schedule(
                            () -> {
                                pastDeadline.set(true);
                                exchange.cancel(true);
                            },
                            limits.responseTimeout().toNanos(),
                            TimeUnit.NANOSECONDS);
            if (finished.get()) {
                deadline.cancel(false);
            }
        }

        @Override
        public void completed(HttpAnswer answer) {
            finish(() -> result.complete(answer));
        }

        @Override
        public void failed(Exception failure) {
            EffectFailure effectFailure = classify(what, failure);
            finish(() -> result.completeExceptionally(effectFailure));
        }

        @Override
        public void cancelled() {
            EffectFailure effectFailure =
                    pastDeadline.get()
                            ? EffectFailure.timedOut(
                                    what
                                            + " timed out: no answer within "
                                            + limits.responseTimeout(),
                                    null)
                            : EffectFailure.retryable(what + " cancelled: the client closed", null);
            finish(() -> result.completeExceptionally(effectFailure));
        }

        private void finish(Runnable completion) {
            finished.set(true);
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            try {
                completions.execute(completion);
            } catch (RejectedExecutionException shuttingDown) {
                completion.run();
            }
        }
    }

    private static EffectFailure classify(String what, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResolveOnce.Refused refused) {
                return refused.failure();
            }
        }
        String detail =
                failure.getMessage() != null
                        ? failure.getMessage()
                        : failure.getClass().getSimpleName();
        // connect and response timeouts (ConnectTimeoutException, SocketTimeoutException)
        if (failure instanceof InterruptedIOException) {
            return EffectFailure.timedOut(what + " timed out: " + detail, failure);
        }
        return EffectFailure.retryable(what + " unreachable: " + detail, failure);
    }
}
