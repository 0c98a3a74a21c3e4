package io.outboxfleet.relay.streaming;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.RelayProperties.OnLostSlot;
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
 * <p>Before streaming, the slot is checked: a slot Postgres marked {@code lost}, or a missing slot
 * while offsets are stored (someone dropped it), means changes were removed from the WAL before the
 * relay published them. The relay then does not stream, never re-creates the slot on its own and
 * reports itself unhealthy with one log line; only {@code on-lost-slot=resnapshot} makes it drop
 * the slot and its offsets and start over from a snapshot of the outbox table.
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
    private final SlotInspector slots;
    private final Clock clock;

    private volatile Role role = Role.STOPPED;
    private volatile boolean streaming;
    private volatile String lastFailure;

    /** The refusal last logged (slot lost or missing), so each is logged once. */
    private String refusal;

    private volatile Throwable engineFailure;
    private volatile boolean engineDied;
    private Instant failedAt = Instant.MIN;
    private ScheduledExecutorService ticker;
    private Connection lockSession;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService engineThread;

    RelayLeader(
            RelayProperties properties,
            DatabaseLogin db,
            KafkaBatchPublisher publisher,
            SlotInspector slots,
            Clock clock) {
        this.properties = properties;
        this.db = db;
        this.publisher = publisher;
        this.slots = slots;
        this.clock = clock;
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
        try {
            publisher.warmUp();
        } catch (RuntimeException e) {
            log.warn("cannot open the Kafka producer yet: {}", e.getMessage());
        }
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
            SlotState slot = readSlotQuietly();
            if (slot != null && slot.lost()) {
                refuse(slot, false);
                return;
            }
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
        SlotCheck check;
        try {
            check = checkSlot();
        } catch (RuntimeException e) {
            log.warn("cannot check replication slot {}: {}", properties.slotName(), e.getMessage());
            releaseLock();
            role = role == Role.FAILED ? Role.FAILED : Role.STANDBY;
            return;
        }
        if (check == SlotCheck.REFUSED) {
            return;
        }
        log.info("relay lock taken; streaming slot {}", properties.slotName());
        startEngine(check == SlotCheck.RESNAPSHOT);
        role = Role.ACTIVE;
    }

    private enum SlotCheck {
        STREAM,
        RESNAPSHOT,
        REFUSED
    }

    /**
     * Checks the slot before streaming. When the slot is lost (or dropped) and re-snapshotting is
     * not configured, marks this relay failed and releases the lock.
     */
    private SlotCheck checkSlot() {
        SlotState slot = slots.read();
        boolean lost = slot.lost();
        boolean dropped = !slot.exists() && slots.offsetsStored();
        if (!lost && !dropped) {
            refusal = null;
            return SlotCheck.STREAM;
        }
        if (properties.onLostSlot() == OnLostSlot.RESNAPSHOT) {
            log.warn(
                    "replication slot {} is {}; on-lost-slot=resnapshot: dropping it and its"
                            + " offsets, publishing the outbox table again from a snapshot"
                            + " (rows purged by retention cannot be recovered; consumers de-duplicate"
                            + " by ce_id)",
                    properties.slotName(),
                    lost ? "lost" : "missing while offsets are stored");
            slots.forget();
            refusal = null;
            return SlotCheck.RESNAPSHOT;
        }
        refuse(slot, dropped);
        return SlotCheck.REFUSED;
    }

    /**
     * The slot can no longer deliver every change: stop, release the lock, report unhealthy, log it
     * once.
     */
    private void refuse(SlotState slot, boolean dropped) {
        String reason =
                dropped
                        ? "replication slot "
                                + properties.slotName()
                                + " does not exist but offsets are stored for it: it was dropped,"
                                + " and a new slot would silently skip every change since"
                        : "replication slot "
                                + properties.slotName()
                                + " is lost (wal_status=lost, confirmed up to "
                                + slot.confirmedFlushLsn()
                                + "): Postgres removed WAL the relay had not yet published";
        String line =
                reason
                        + ". The relay will not stream, re-create the slot or skip those changes;"
                        + " to start again from a snapshot of the outbox table set"
                        + " FLEET_RELAY_ON_LOST_SLOT=resnapshot (docs/relay.md)";
        if (!line.equals(refusal)) {
            log.error(line);
            refusal = line;
        }
        lastFailure = line;
        stopEngine();
        releaseLock();
        failedAt = clock.instant();
        role = Role.FAILED;
    }

    /** Told by the slot monitor: the slot is lost. */
    synchronized void slotLost(SlotState slot) {
        if (role == Role.STOPPED
                || properties.onLostSlot() == OnLostSlot.RESNAPSHOT && role != Role.ACTIVE) {
            return;
        }
        if (role == Role.FAILED && refusal != null) {
            return;
        }
        // the monitor's reading may predate a resnapshot that just dropped the slot: read again
        SlotState now = readSlotQuietly();
        if (now == null || !now.lost()) {
            return;
        }
        refuse(now, false);
    }

    private SlotState readSlotQuietly() {
        try {
            return slots.read();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void startEngine(boolean resnapshot) {
        engineDied = false;
        engineFailure = null;
        streaming = false;
        long lockTaken = System.nanoTime();
        publisher.onFirstAcknowledged(
                () ->
                        log.info(
                                "first record acknowledged by Kafka {} ms after the lock was taken",
                                (System.nanoTime() - lockTaken) / 1_000_000));
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> created =
                DebeziumEngine.create(Connect.class)
                        .using(DebeziumSettings.of(properties, db, resnapshot))
                        .notifying(publisher)
                        .using(
                                new DebeziumEngine.ConnectorCallback() {
                                    @Override
                                    public void taskStarted() {
                                        streaming = true;
                                        lastFailure = null;
                                        log.info(
                                                "streaming slot {} {} ms after the lock was taken",
                                                properties.slotName(),
                                                (System.nanoTime() - lockTaken) / 1_000_000);
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
