package io.outboxfleet.command.changes;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.node.ObjectNode;

/**
 * One SSE client: the changes it may see, in order, through a bounded queue drained by a shared
 * pool, so a slow client never holds up the feed or other clients. A client that falls {@code
 * capacity} events behind is sent {@code event: disconnected} with its reason and the last position
 * it received (to resume from), and closed.
 */
final class ChangeStream {

    /** Long enough for a peer's reset to come back on a LAN, short for the request that waits. */
    private static final long PROBE_PAUSE_MILLIS = 30;

    private final SseEmitter emitter;
    private final Predicate<RowChange> visible;
    private final ChangeView view;
    private final int capacity;
    private final Executor senders;
    private final Deque<SseEmitter.SseEventBuilder> queue = new ArrayDeque<>();
    private final Runnable onClose;
    private StreamPosition position;
    private boolean draining;
    private boolean closing;
    private boolean replaying;
    private final Deque<RowChange> heldBack = new ArrayDeque<>();

    ChangeStream(
            SseEmitter emitter,
            Predicate<RowChange> visible,
            ChangeView view,
            int capacity,
            Executor senders,
            Runnable onClose) {
        this.emitter = emitter;
        this.visible = visible;
        this.view = view;
        this.capacity = capacity;
        this.senders = senders;
        this.onClose = onClose;
    }

    /**
     * Starts at {@code position}; while {@code replaying}, live changes are held back until {@link
     * #replayed}.
     */
    synchronized void start(StreamPosition position, boolean replaying) {
        this.position = position;
        this.replaying = replaying;
    }

    /** A live change from the feed; never blocks. */
    synchronized void offer(RowChange change) {
        if (replaying) {
            if (heldBack.size() >= capacity) {
                disconnect("slow-consumer");
                return;
            }
            heldBack.add(change);
            return;
        }
        enqueue(change);
    }

    /** Missed changes read from Kafka, in order, then the live ones held back meanwhile. */
    synchronized void replayed(List<RowChange> missed) {
        for (RowChange change : missed) {
            enqueue(change);
        }
        replaying = false;
        while (!heldBack.isEmpty() && !closing) {
            RowChange live = heldBack.poll();
            Long next = position.next().get(live.partition());
            if (next == null || live.offset() >= next) {
                enqueue(live);
            }
        }
    }

    synchronized void heartbeat() {
        push(SseEmitter.event().comment("heartbeat"));
    }

    /**
     * Whether the client is still connected, found out now: a client that went away is noticed only
     * by a write, and only by the second one (the first is taken by the kernel; the peer answers it
     * with a reset), so two comments are written a moment apart. A gone client's stream is closed
     * and its slot released at once. Called when its user asks for one more stream than allowed.
     */
    boolean probe() {
        synchronized (this) {
            if (closing) {
                return false;
            }
        }
        try {
            emitter.send(SseEmitter.event().comment("ping"));
            Thread.sleep(PROBE_PAUSE_MILLIS);
            emitter.send(SseEmitter.event().comment("ping"));
            return true;
        } catch (IOException | IllegalStateException e) {
            synchronized (this) {
                closing = true;
                queue.clear();
            }
            emitter.completeWithError(e);
            onClose.run();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Sends a final event naming why the stream ends, then closes it. */
    synchronized void disconnect(String reason) {
        if (closing) {
            return;
        }
        queue.clear();
        heldBack.clear();
        ObjectNode data = view.reason(reason, position == null ? null : position.toString());
        SseEmitter.SseEventBuilder event =
                SseEmitter.event().name("disconnected").data(data.toString());
        if (position != null) {
            event.id(position.toString());
        }
        queue.add(event);
        closing = true;
        schedule();
    }

    synchronized StreamPosition position() {
        return position;
    }

    private void enqueue(RowChange change) {
        if (closing) {
            return;
        }
        Long next = position.next().get(change.partition());
        if (next != null && change.offset() < next) {
            return;
        }
        position = position.after(change.partition(), change.offset());
        if (!visible.test(change)) {
            return;
        }
        push(
                SseEmitter.event()
                        .id(position.toString())
                        .name(change.op())
                        .data(view.render(change).toString()));
    }

    private void push(SseEmitter.SseEventBuilder event) {
        if (closing) {
            return;
        }
        if (queue.size() >= capacity) {
            disconnect("slow-consumer");
            return;
        }
        queue.add(event);
        schedule();
    }

    private void schedule() {
        if (!draining) {
            draining = true;
            senders.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            SseEmitter.SseEventBuilder next;
            boolean last;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    if (closing) {
                        emitter.complete();
                    }
                    return;
                }
                last = closing && queue.isEmpty();
            }
            try {
                emitter.send(next);
                if (last) {
                    emitter.complete();
                    onClose.run();
                }
            } catch (IOException | IllegalStateException e) {
                synchronized (this) {
                    closing = true;
                    queue.clear();
                    draining = false;
                }
                emitter.completeWithError(e);
                onClose.run();
                return;
            }
        }
    }
}
