package io.outboxfleet.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Peer: the polling outbox publisher a Spring user writes by hand. Every {@code --interval-ms} a
 * transaction takes up to 500 rows with {@code select ... for update skip locked}, sends them to
 * Kafka ({@code acks=all}, idempotent), waits for the acknowledgements, deletes the rows and
 * commits; a full batch polls again at once.
 *
 * <p>Two phases, both printed as one line each: {@code latency} (rows written one per transaction
 * at {@code --rate} for {@code --seconds}, commit -> consumer latency) and {@code drain} ({@code
 * --backlog} rows written while the publisher is stopped, then published). Database load: rows read
 * from the outbox table (pg_stat_user_tables) and index/sequential scans, per event.
 */
public final class PollingPublisher {

    private static final String TABLE = "bench_poll_outbox";
    private static final int BATCH = 500;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        long interval = args.integer("interval-ms", 100);
        double rate = args.decimal("rate", 200);
        double seconds = args.decimal("seconds", 10);
        int backlog = args.integer("backlog", 20000);
        String bootstrap = args.get("bootstrap", "127.0.0.1:9092");
        String topic = "bench-poll-" + interval + "ms";
        Peers.createTopic(bootstrap, topic);

        try (Connection db = PeerProbe.connect(args)) {
            try (var ddl = db.createStatement()) {
                ddl.execute(
                        "create table if not exists "
                                + TABLE
                                + " (id bigserial primary key, event_id text not null,"
                                + " topic text not null, payload text not null,"
                                + " created_at timestamptz not null default now())");
                ddl.execute("truncate " + TABLE);
            }
            try (PeerProbe probe = new PeerProbe(bootstrap, topic)) {
                Publisher publisher = new Publisher(args, bootstrap, interval);
                publisher.start();
                Peers.Usage before = Peers.usage(db, TABLE);
                int written =
                        Peers.writeAtRate(
                                rate,
                                seconds,
                                () -> {
                                    String id = insertOne(db, topic);
                                    probe.committed(id);
                                });
                Peers.awaitReceived(probe, written, 30);
                Peers.Usage after = Peers.usage(db, TABLE);
                Peers.reportLatency(
                        "polling-" + interval + "ms", rate, written, probe, before, after);

                publisher.stop();
                insertBacklog(db, topic, backlog);
                long already = probe.received();
                long start = System.nanoTime();
                publisher = new Publisher(args, bootstrap, interval);
                publisher.start();
                Peers.awaitReceived(probe, already + backlog, 120);
                double drain = (System.nanoTime() - start) / 1e9;
                publisher.stop();
                Peers.reportDrain("polling-" + interval + "ms", probe.received() - already, drain);
            }
        }
        System.exit(0);
    }

    private static String insertOne(Connection db, String topic) throws Exception {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement insert =
                db.prepareStatement(
                        "insert into " + TABLE + " (event_id, topic, payload) values (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, topic);
            insert.setString(3, Peers.payload(id));
            insert.executeUpdate();
        }
        return id;
    }

    private static void insertBacklog(Connection db, String topic, int rows) throws Exception {
        db.setAutoCommit(false);
        try (PreparedStatement insert =
                db.prepareStatement(
                        "insert into " + TABLE + " (event_id, topic, payload) values (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                String id = UUID.randomUUID().toString();
                insert.setString(1, id);
                insert.setString(2, topic);
                insert.setString(3, Peers.payload(id));
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** The publisher loop, on its own connection and thread. */
    private static final class Publisher {

        private final Connection db;
        private final KafkaProducer<String, String> producer;
        private final long intervalMs;
        private final Thread thread = new Thread(this::run, "polling-publisher");
        private volatile boolean running = true;

        Publisher(Args args, String bootstrap, long intervalMs) throws Exception {
            this.db = PeerProbe.connect(args);
            this.db.setAutoCommit(false);
            Properties props = BenchKafka.client(bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            this.producer = new KafkaProducer<>(props);
            this.intervalMs = intervalMs;
        }

        void start() {
            thread.start();
        }

        void stop() throws Exception {
            running = false;
            thread.join(10_000);
            producer.close();
            db.close();
        }

        private void run() {
            try (PreparedStatement select =
                            db.prepareStatement(
                                    "select id, event_id, topic, payload from "
                                            + TABLE
                                            + " order by id limit "
                                            + BATCH
                                            + " for update skip locked");
                    PreparedStatement delete =
                            db.prepareStatement("delete from " + TABLE + " where id = any(?)")) {
                while (running) {
                    List<Long> ids = new ArrayList<>();
                    List<Future<?>> acks = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                            acks.add(
                                    producer.send(
                                            new ProducerRecord<>(
                                                    rows.getString(3),
                                                    rows.getString(2),
                                                    rows.getString(4))));
                        }
                    }
                    for (Future<?> ack : acks) {
                        ack.get();
                    }
                    if (!ids.isEmpty()) {
                        delete.setArray(1, db.createArrayOf("bigint", ids.toArray()));
                        delete.executeUpdate();
                    }
                    db.commit();
                    if (ids.size() < BATCH) {
                        Thread.sleep(intervalMs);
                    }
                }
            } catch (Exception e) {
                if (running) {
                    System.err.println("polling publisher failed: " + e);
                }
            }
        }
    }
}
