package io.outboxfleet.bench;

import java.sql.Connection;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One peer measured the way {@link PollingPublisher} is: a latency phase (one event per transaction
 * at {@code --rate} for {@code --seconds}, commit -> consumer latency, rows read and CPU per event)
 * and a throughput phase ({@code --backlog} events written as fast as the peer takes them, in
 * transactions of 100, until the last one reached Kafka).
 */
public final class PeerRun {

    private final Args args;

    private PeerRun(Args args) {
        this.args = args;
    }

    public static PeerRun of(String[] argv) {
        return new PeerRun(new Args(argv));
    }

    public String dbUrl() {
        return args.get("db-url", "jdbc:postgresql://127.0.0.1:55432/fleet");
    }

    public String dbUser() {
        return args.get("db-user", "fleet");
    }

    public String dbPassword() {
        return args.get("db-password", "fleet");
    }

    public String bootstrap() {
        return args.get("bootstrap", "127.0.0.1:9092");
    }

    /**
     * Runs both phases and prints their lines.
     *
     * @param placeOne commits one event and returns its id (the {@code "id"} of its JSON payload)
     * @param placeMany commits that many events
     * @param tables the peer's tables, whose rows read are counted
     */
    public void measure(
            String peer,
            String topic,
            Supplier<String> placeOne,
            IntConsumer placeMany,
            String[] tables)
            throws Exception {
        double rate = args.decimal("rate", 200);
        double seconds = args.decimal("seconds", 10);
        int backlog = args.integer("backlog", 20000);
        Peers.createTopic(bootstrap(), topic);
        try (Connection db = PeerProbe.connect(args);
                PeerProbe probe = new PeerProbe(bootstrap(), topic)) {
            Peers.Usage before = Peers.usage(db, tables);
            int written = Peers.writeAtRate(rate, seconds, () -> probe.committed(placeOne.get()));
            Peers.awaitReceived(probe, written, 30);
            Peers.Usage after = Peers.usage(db, tables);
            Peers.reportLatency(peer, rate, written, probe, before, after);

            long already = probe.received();
            long start = System.nanoTime();
            placeMany.accept(backlog);
            Peers.awaitReceived(probe, already + backlog, 120);
            Peers.reportDrain(peer, probe.received() - already, (System.nanoTime() - start) / 1e9);
        }
    }
}
