package io.outboxfleet.relay.streaming;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.publishing.KafkaBatchPublisher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One active relay per slot, the others standing by. A relay streams only while it holds a Postgres
 * session advisory lock (keyed by the slot name) on a dedicated connection; standbys try the lock
 * every {@code lock-poll-interval}. When the lock session dies the engine is stopped at once; when
 * the engine dies the lock is released, health reports DOWN, and after {@code restart-delay} this
 * relay competes for the lock again.
 *
 * <p>All transitions run on one thread (the ticker) or under this object's monitor. Starts after
 * every singleton, so Flyway has migrated before the engine reads the slot.
 */
public class RelayLeader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayLeader.class);
    private static final String TRY_LOCK = "select pg_try_advisory_lock(hashtextextended(?, 0))";

    /** What this relay is doing. */
    public enum Role {
        STARTING,
        STANDBY,
        ACTIVE,
        FAILED,
        STOPPED
    }

    /** A consistent view for health reporting. */
    public record Status(Role role, boolean streaming, String slot, String lastFailure) {}

    private final RelayProperties properties;
    private final DatabaseLogin db;
    private final KafkaBatchPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    private volatile Role role = Role.STOPPED;
    private volatile boolean streaming;
    private volatile String lastFailure;
    private volatile Throwable engineFailure;
    private volatile boolean engineDied;
    private Instant failedAt = Instant.MIN;
    private ScheduledExecutorService ticker;
    private Connection lockSession;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService engineThread;

    RelayLeader(RelayProperties properties, DatabaseLogin db, KafkaBatchPublisher publisher) {
        this.properties = properties;
        this.db = db;
        this.publisher = publisher;
    }

    public Status status() {
        return new Status(role, streaming, properties.slotName(), lastFailure);
    }

    public boolean isActive() {
        return role == Role.ACTIVE;
    }

    @Override
    public synchronized void start() {
        role = Role.STARTING;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "relay-leadership"));
        ticker.scheduleWithFixedDelay(
                this::tick, 0, properties.lockPollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = ticker;
        if (t != null) {
            t.shutdown();
            try {
                t.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            stopEngine();
            releaseLock();
            role = Role.STOPPED;
            log.info("relay stopped; slot {} released", properties.slotName());
        }
    }

    @Override
    public boolean isRunning() {
        return role != Role.STOPPED;
    }

    synchronized void tick() {
        try {
            if (role == Role.ACTIVE) {
                checkActive();
            } else if (role != Role.FAILED
                    || clock.instant().isAfter(failedAt.plus(properties.restartDelay()))) {
                competeForLock();
            }
        } catch (RuntimeException e) {
            log.error("relay leadership check failed", e);
        }
    }

    private void checkActive() {
        if (engineDied) {
            Throwable cause = engineFailure;
            lastFailure = cause == null ? "engine stopped unexpectedly" : cause.toString();
            log.error(
                    "Debezium engine died; releasing the lock, retrying in {}",
                    properties.restartDelay(),
                    cause);
            stopEngine();
            releaseLock();
            failedAt = clock.instant();
            role = Role.FAILED;
            return;
        }
        if (!lockSessionAlive()) {
            log.error(
                    "advisory lock session on slot {} lost; stopping streaming",
                    properties.slotName());
            stopEngine();
            releaseLock();
            role = Role.STANDBY;
        }
    }

    private void competeForLock() {
        try {
            if (lockSession == null || lockSession.isClosed()) {
                lockSession = db.openSession("outbox-relay-lock");
            }
            try (PreparedStatement tryLock = lockSession.prepareStatement(TRY_LOCK)) {
                tryLock.setString(1, "outbox-relay:" + properties.slotName());
                try (ResultSet rs = tryLock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        if (role != Role.STANDBY) {
                            log.info(
                                    "another relay streams slot {}; standing by",
                                    properties.slotName());
                        }
                        role = Role.STANDBY;
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            log.warn("cannot try the relay lock: {}", e.getMessage());
            releaseLock();
            role = role == Role.FAILED ? Role.FAILED : Role.STANDBY;
            return;
        }
        log.info("relay lock taken; streaming slot {}", properties.slotName());
        startEngine();
        role = Role.ACTIVE;
    }

    private void startEngine() {
        engineDied = false;
        engineFailure = null;
        streaming = false;
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created =
                DebeziumEngine.create(Connect.class)
                        .using(DebeziumSettings.of(properties, db))
                        .notifying(publisher)
                        .using(
                                new DebeziumEngine.ConnectorCallback() {
                                    @Override
                                    public void taskStarted() {
                                        streaming = true;
                                        lastFailure = null;
                                    }

                                    @Override
                                    public void taskStopped() {
                                        streaming = false;
                                    }
                                })
                        .using(
                                (success, message, error) ->
                                        onEngineCompleted(success, message, error))
                        .build();
        engine = created;
        engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "relay-engine"));
        engineThread.execute(created);
    }

    private void onEngineCompleted(boolean success, String message, Throwable error) {
        streaming = false;
        if (error != null || !success) {
            log.error("Debezium engine completed: {}", message, error);
        }
        // Runs on the engine thread; the ticker decides what to do (also after a clean close,
        // which stopEngine requested and then ignores).
        engineFailure =
                error != null ? error : (success ? null : new IllegalStateException(message));
        engineDied = true;
    }

    private void stopEngine() {
        if (engine == null) {
            return;
        }
        try {
            engine.close();
        } catch (Exception e) {
            log.debug("closing the Debezium engine: {}", e.getMessage());
        }
        engineThread.shutdown();
        try {
            if (!engineThread.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("Debezium engine did not stop within 60s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine = null;
        engineThread = null;
        streaming = false;
    }

    private boolean lockSessionAlive() {
        try {
            return lockSession != null && lockSession.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private void releaseLock() {
        if (lockSession != null) {
            try {
                lockSession.close();
            } catch (SQLException ignored) {
                // closing the session releases the lock on the server either way
            }
            lockSession = null;
        }
    }
}
