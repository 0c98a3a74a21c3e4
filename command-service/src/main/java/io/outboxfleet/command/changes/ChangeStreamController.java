package io.outboxfleet.command.changes;

import io.outboxfleet.command.security.Caller;
import io.outboxfleet.command.web.ApiProblem;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/changes?table=&id=}: committed row changes as Server-Sent Events
 * (docs/contract.md section 9, docs/realtime.md). Customers see the rows they own, admins every
 * row; tables without an owner column are visible to every signed-in user.
 */
@RestController
class ChangeStreamController {

    private final ChangesProperties properties;
    private final ChangeFeed feed;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
    private final Map<String, Set<ChangeStream>> streamsOf = new ConcurrentHashMap<>();
    private final ExecutorService senders =
            Executors.newCachedThreadPool(daemon("change-stream-send"));
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(daemon("change-stream-heartbeat"));

    ChangeStreamController(ChangesProperties properties, ChangeFeed feed) {
        this.properties = properties;
        this.feed = feed;
        long every = properties.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(
                () -> feed.all().forEach(ChangeStream::heartbeat),
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @GetMapping(
            path = "/api/changes",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    SseEmitter stream(
            @RequestParam(required = false) String table,
            @RequestParam(required = false) UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            Authentication authentication) {
        if (table == null || !properties.tables().containsKey(table)) {
            throw ApiProblem.invalidField(
                    "table", "must be one of " + properties.tables().keySet());
        }
        StreamPosition from = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = StreamPosition.parse(lastEventId);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField(
                        "Last-Event-ID", "is not a position this stream sent");
            }
        }
        Caller caller = Caller.of(authentication);
        AtomicInteger open = openStreams.computeIfAbsent(caller.id(), k -> new AtomicInteger());
        if (!takeSlot(caller.id(), open)) {
            throw new ApiProblem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-streams",
                    "Too many streams",
                    "at most "
                            + properties.maxStreamsPerUser()
                            + " concurrent change streams per user");
        }
        ChangesProperties.Table config = properties.tables().get(table);
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        AtomicBoolean released = new AtomicBoolean();
        ChangeStream[] holder = new ChangeStream[1];
        Runnable release =
                () -> {
                    if (released.compareAndSet(false, true)) {
                        open.decrementAndGet();
                        streamsOf(caller.id()).remove(holder[0]);
                        feed.unsubscribe(table, holder[0]);
                    }
                };
        ChangeStream stream =
                new ChangeStream(
                        emitter,
                        visibleTo(caller, config, id),
                        new ChangeView(properties, config),
                        properties.clientQueue(),
                        senders,
                        release);
        holder[0] = stream;
        streamsOf(caller.id()).add(stream);
        emitter.onCompletion(release);
        emitter.onTimeout(release);
        emitter.onError(e -> release.run());

        // The first bytes go out on this request thread: Spring flushes this early send when it
        // binds
        // the emitter, so the response headers are committed here and never by a sender thread
        // racing the filters still running on this one.
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (java.io.IOException e) {
            release.run();
            throw new IllegalStateException("cannot open the change stream", e);
        }
        StreamPosition live = feed.subscribe(table, stream, from);
        if (from != null) {
            StreamPosition missedFrom = from;
            senders.execute(() -> replay(stream, table, missedFrom, live));
        }
        return emitter;
    }

    /**
     * Takes one of the user's stream slots. At the limit, the user's streams are probed first: a
     * client that disconnected (a reconnect usually follows its close at once) frees its slot now,
     * not at the next heartbeat.
     */
    private boolean takeSlot(String user, AtomicInteger open) {
        if (open.incrementAndGet() <= properties.maxStreamsPerUser()) {
            return true;
        }
        open.decrementAndGet();
        for (ChangeStream stream : List.copyOf(streamsOf(user))) {
            stream.probe();
        }
        if (open.incrementAndGet() <= properties.maxStreamsPerUser()) {
            return true;
        }
        open.decrementAndGet();
        return false;
    }

    private Set<ChangeStream> streamsOf(String user) {
        return streamsOf.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet());
    }

    private void replay(
            ChangeStream stream, String table, StreamPosition from, StreamPosition live) {
        try {
            Optional<List<RowChange>> missed =
                    ChangeReplay.read(feed, table, from, live, properties.maxReplay());
            if (missed.isEmpty()) {
                stream.disconnect("too-old");
            } else {
                stream.replayed(missed.get());
            }
        } catch (RuntimeException e) {
            stream.disconnect("replay-failed");
        }
    }

    private static Predicate<RowChange> visibleTo(
            Caller caller, ChangesProperties.Table table, UUID id) {
        Predicate<RowChange> visible = change -> true;
        if (id != null) {
            visible = visible.and(change -> change.has(table.idColumn(), id.toString()));
        }
        if (table.ownerColumn() != null && !caller.isAdmin()) {
            visible = visible.and(change -> change.has(table.ownerColumn(), caller.id()));
        }
        return visible;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        heartbeats.shutdownNow();
        senders.shutdown();
    }
}
