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
 * capacity} live events behind is sent {@code event: disconnected} with its reason and the position
 * of the last change it was sent (to resume from, without a gap), and closed. A replay after a
 * reconnect (at most {@code max-replay} changes, checked before it starts) is queued whole and does
 * not count against {@code capacity}.
 */
final class ChangeStream {

    /** Long enough for a peer's reset to come back on a LAN, short for the request that waits. */
    private static final long PROBE_PAUSE_MILLIS = 30;

    private final SseEmitter emitter;
    private final Predicate<RowChange> visible;
    private final ChangeView view;
    private final int capacity;
    private final Executor senders;

    /**
     * What waits to be sent: an event and the position the client has been sent once it is (null
     * for a comment), a marker that only moves that position (changes the client may not see), or
     * the final {@code disconnected} event, built when its turn comes.
     */
    private record Pending(
            SseEmitter.SseEventBuilder event,
            StreamPosition after,
            boolean replayed,
            String disconnectReason) {}

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Runnable onClose;
    private StreamPosition position;

    /** The position of the last change sent: where a resume starts. */
    private StreamPosition sent;

    /** Replayed events still in the queue: they do not count against {@code capacity}. */
    private int replayBacklog;

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
        this.sent = position;
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
        enqueue(change, false);
    }

    /** Missed changes read from Kafka, in order, then the live ones held back meanwhile. */
    synchronized void replayed(List<RowChange> missed) {
        for (RowChange change : missed) {
            enqueue(change, true);
        }
        replaying = false;
        while (!heldBack.isEmpty() && !closing) {
            RowChange live = heldBack.poll();
            Long next = position.next().get(live.partition());
            if (next == null || live.offset() >= next) {
                enqueue(live, true);
            }
        }
    }

    synchronized void heartbeat() {
        push(new Pending(SseEmitter.event().comment("heartbeat"), null, false, null));
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
                replayBacklog = 0;
            }
            emitter.completeWithError(e);
            onClose.run();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Sends a final event naming why the stream ends, with the position of the last change sent,
     * then closes it; what was still queued is dropped (the client resumes before it).
     */
    synchronized void disconnect(String reason) {
        if (closing) {
            return;
        }
        queue.clear();
        heldBack.clear();
        replayBacklog = 0;
        queue.add(new Pending(null, null, false, reason));
        closing = true;
        schedule();
    }

    private synchronized SseEmitter.SseEventBuilder disconnected(String reason) {
        ObjectNode data = view.reason(reason, sent == null ? null : sent.toString());
        SseEmitter.SseEventBuilder event =
                SseEmitter.event().name("disconnected").data(data.toString());
        if (sent != null) {
            event.id(sent.toString());
        }
        return event;
    }

    synchronized StreamPosition position() {
        return position;
    }

    private void enqueue(RowChange change, boolean replayed) {
        if (closing) {
            return;
        }
        Long next = position.next().get(change.partition());
        if (next != null && change.offset() < next) {
            return;
        }
        position = position.after(change.partition(), change.offset());
        if (!visible.test(change)) {
            // nothing to send, but the client is past it once what is queued before it is sent
            if (queue.isEmpty()) {
                sent = position;
            } else if (queue.peekLast().event() == null
                    && queue.peekLast().disconnectReason() == null) {
                Pending marker = queue.pollLast();
                queue.add(new Pending(null, position, marker.replayed(), null));
            } else {
                queue.add(new Pending(null, position, replayed, null));
                replayBacklog += replayed ? 1 : 0;
            }
            return;
        }
        push(
                new Pending(
                        SseEmitter.event()
                                .id(position.toString())
                                .name(change.op())
                                .data(view.render(change).toString()),
                        position,
                        replayed,
                        null));
    }

    private void push(Pending pending) {
        if (closing) {
            return;
        }
        if (!pending.replayed() && queue.size() - replayBacklog >= capacity) {
            disconnect("slow-consumer");
            return;
        }
        queue.add(pending);
        replayBacklog += pending.replayed() ? 1 : 0;
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
            Pending next;
            SseEmitter.SseEventBuilder event;
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
                replayBacklog -= next.replayed() ? 1 : 0;
                if (next.event() == null && next.disconnectReason() == null) {
                    sent = next.after();
                    continue;
                }
                event =
                        next.disconnectReason() != null
                                ? disconnected(next.disconnectReason())
                                : next.event();
                last = closing && queue.isEmpty();
            }
            try {
                emitter.send(event);
                if (next.after() != null) {
                    synchronized (this) {
                        sent = next.after();
                    }
                }
                if (last) {
                    emitter.complete();
                    onClose.run();
                }
            } catch (IOException | IllegalStateException e) {
                synchronized (this) {
                    closing = true;
                    queue.clear();
                    replayBacklog = 0;
                    draining = false;
                }
                emitter.completeWithError(e);
                onClose.run();
                return;
            }
        }
    }
}
