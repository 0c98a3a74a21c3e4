package io.outboxfleet.workers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads one answer into an {@link HttpAnswer}, keeping the first {@code max} bytes of its body. A
 * longer body completes the answer with what was kept, and the exchange is then failed on purpose
 * so that HttpClient closes the connection instead of reading the rest (an endless answer cannot
 * hold a connection). Runs on the client's I/O thread.
 */
final class CappedAnswer implements AsyncResponseConsumer<HttpAnswer> {

    private final int max;
    private final Clock clock;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private FutureCallback<HttpAnswer> callback;
    private int status;
    private Duration retryAfter;
    private boolean done;

    CappedAnswer(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    @Override
    public void consumeResponse(
            HttpResponse response,
            EntityDetails entity,
            HttpContext context,
            FutureCallback<HttpAnswer> callback) {
        this.callback = callback;
        this.status = response.getCode();
        Header header = response.getFirstHeader("Retry-After");
        this.retryAfter = HttpAnswer.retryAfter(header == null ? null : header.getValue(), clock);
        if (entity == null) {
            complete();
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {}

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        channel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = Math.min(src.remaining(), max - bytes.size());
        if (n > 0) {
            byte[] chunk = new byte[n];
            src.get(chunk);
            bytes.write(chunk, 0, n);
        }
        if (bytes.size() >= max && src.hasRemaining()) {
            complete();
            throw new AnswerTooLong(max);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        complete();
    }

    @Override
    public void failed(Exception cause) {
        if (!done && callback != null) {
            done = true;
            callback.failed(cause);
        }
    }

    @Override
    public void releaseResources() {}

    private void complete() {
        if (!done) {
            done = true;
            callback.completed(
                    new HttpAnswer(status, retryAfter, bytes.toString(StandardCharsets.UTF_8)));
        }
    }

    /** Ends the exchange after the answer was kept: the rest is not read, the connection closed. */
    static final class AnswerTooLong extends IOException {
        AnswerTooLong(int max) {
            super("answer longer than " + max + " bytes: the rest is not read");
        }
    }
}
