package io.outboxfleet.bench;

import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** What the peers share: the paced writer, the waits and the report lines. */
final class Peers {

    private Peers() {}

    /** Rows read and scans of a table, and this process's CPU, at one instant. */
    record Usage(long rowsRead, long scans, double cpuSeconds) {}

    interface Write {
        void run() throws Exception;
    }

    static String payload(String id) {
        return "{\"id\":\""
                + id
                + "\",\"type\":\"order.created\",\"data\":{\"customerEmail\":\"alice@example.com\","
                + "\"totalCents\":2500,\"currency\":\"EUR\"}}";
    }

    /**
     * Calls {@code write} at a fixed rate (open loop: a slow write delays the next, not the plan).
     */
    static int writeAtRate(double rate, double seconds, Write write) throws Exception {
        int count = (int) Math.round(rate * seconds);
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            write.run();
        }
        return count;
    }

    static void awaitReceived(PeerProbe probe, long count, int timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (probe.received() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static Usage usage(Connection db, String... tables) throws Exception {
        // Postgres publishes a backend's table statistics up to a second after its transaction
        Thread.sleep(1500);
        try (var statement =
                db.prepareStatement(
                        "select coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0),"
                                + " coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)"
                                + " from pg_stat_user_tables where relname = any(?)")) {
            statement.setArray(1, db.createArrayOf("text", tables));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return new Usage(rows.getLong(1), rows.getLong(2), PeerProbe.cpuSeconds());
            }
        }
    }

    static void reportLatency(
            String peer, double rate, int written, PeerProbe probe, Usage before, Usage after) {
        Percentiles p = probe.latencies();
        System.out.printf(
                "peer=%s phase=latency offered=%.0f written=%d received=%d %s"
                        + " rows_read_per_event=%.2f scans_per_event=%.2f peer_cpu_ms_per_event=%.3f%n",
                peer,
                rate,
                written,
                probe.received(),
                p.describe(""),
                (after.rowsRead() - before.rowsRead()) / (double) written,
                (after.scans() - before.scans()) / (double) written,
                (after.cpuSeconds() - before.cpuSeconds()) * 1000 / written);
    }

    static void reportDrain(String peer, long received, double seconds) {
        System.out.printf(
                "peer=%s phase=drain events=%d seconds=%.2f rate=%.0f%n",
                peer, received, seconds, received / seconds);
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        Properties props = BenchKafka.client(bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
