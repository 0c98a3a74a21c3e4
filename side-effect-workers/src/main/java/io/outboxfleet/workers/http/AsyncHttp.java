package io.outboxfleet.workers.http;

import io.outboxfleet.workers.effect.EffectFailure;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.springframework.util.unit.DataSize;

/**
 * The effects' HTTP client: the JDK HttpClient's asynchronous API over HTTP/1.1 keep-alive
 * connections (so many calls wait at once without a thread each), a connect timeout per client and
 * a response timeout per request, redirects never followed, and at most {@code maxBody} of an
 * answer read (a destination cannot make a worker read an endless answer).
 */
public final class AsyncHttp {

    private final HttpClient client;
    private final Duration responseTimeout;
    private final DataSize maxBody;
    private final Clock clock;

    /**
     * @param executor runs the client's completions; they do little work (the answer is small)
     */
    public AsyncHttp(
            Duration connectTimeout,
            Duration responseTimeout,
            DataSize maxBody,
            Executor executor,
            Clock clock) {
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .executor(executor)
                        .build();
        this.responseTimeout = responseTimeout;
        this.maxBody = maxBody;
        this.clock = clock;
    }

    /**
     * Sends the request; completes with the answer (any status), or exceptionally with a retryable
     * {@link EffectFailure} when the destination could not be reached or did not answer in time.
     *
     * @param what names the call in failures, say {@code "CRM (PUT /deals/42)"}
     */
    public CompletableFuture<HttpAnswer> send(HttpRequest.Builder request, String what) {
        return client.sendAsync(request.timeout(responseTimeout).build(), this::capped)
                .handle(
                        (response, failure) -> {
                            if (failure != null) {
                                throw unreachable(what, failure);
                            }
                            return new HttpAnswer(
                                    response.statusCode(),
                                    HttpAnswer.retryAfter(
                                            response.headers()
                                                    .firstValue("Retry-After")
                                                    .orElse(null),
                                            clock),
                                    response.body());
                        });
    }

    private static EffectFailure unreachable(String what, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
        String detail =
                cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        if (cause instanceof HttpTimeoutException) {
            return EffectFailure.timedOut(what + " timed out: " + detail, cause);
        }
        return EffectFailure.retryable(what + " unreachable: " + detail, cause);
    }

    private HttpResponse.BodySubscriber<String> capped(HttpResponse.ResponseInfo info) {
        return new CappedBody((int) Math.min(maxBody.toBytes(), Integer.MAX_VALUE));
    }

    /** Keeps the first {@code max} bytes of a body; a longer one is cut off with its connection. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = Math.min(buffer.remaining(), max - bytes.size());
                if (n > 0) {
                    byte[] chunk = new byte[n];
                    buffer.get(chunk);
                    bytes.write(chunk, 0, n);
                }
            }
            if (bytes.size() >= max && !body.isDone()) {
                body.complete(bytes.toString(StandardCharsets.UTF_8));
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
