package io.outboxfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What every peer run measures the same way: the instant each event's transaction committed (noted
 * by the writer), the instant a consumer of the peer's topic received it (commit -> Kafka ->
 * consumer latency), how many arrived, the rows the database read from the peer's tables, and this
 * process's CPU time.
 */
final class PeerProbe implements AutoCloseable {

    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    PeerProbe(String bootstrap, String topic) {
        Properties props = BenchKafka.client(bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-probe-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        // join the group and take the end offsets before anything is written
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        poller = new Thread(this::consume, "probe-consumer");
        poller.start();
    }

    /** Called by the writer right after the transaction holding event {@code id} committed. */
    void committed(String id) {
        committedAt.put(id, System.nanoTime());
    }

    long received() {
        return received.get();
    }

    Percentiles latencies() {
        return new Percentiles(latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private void consume() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                received.incrementAndGet();
                String id = idOf(record.value());
                Long at = id == null ? null : committedAt.remove(id);
                if (at != null) {
                    latencies.add((now - at) / 1e6);
                }
            }
        }
        consumer.close();
    }

    /** The value of the first {@code "id":"..."} in a JSON payload. */
    static String idOf(String json) {
        int key = json.indexOf("\"id\":\"");
        if (key < 0) {
            return null;
        }
        int from = key + 6;
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5000);
    }

    /** CPU seconds (user + system) this process has used. */
    static double cpuSeconds() throws Exception {
        String[] stat = Files.readString(Path.of("/proc/self/stat")).split("\\) ", 2)[1].split(" ");
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
    }

    static Connection connect(Args args) throws Exception {
        return DriverManager.getConnection(
                args.get("db-url", "jdbc:postgresql://127.0.0.1:55432/fleet"),
                args.get("db-user", "fleet"),
                args.get("db-password", "fleet"));
    }
}
