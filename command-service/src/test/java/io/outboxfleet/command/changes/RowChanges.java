package io.outboxfleet.command.changes;

import io.outboxfleet.testsupport.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Produces row changes to Kafka exactly as the relay does: built from the shared fixture {@code
 * fixtures/row-change-orders-update.json} (the relay's RowChangeMapperTest checks its records
 * against the same file), topic {@code fleet.rows.<table>}, key = primary key.
 */
final class RowChanges implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            KafkaBroker.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class));

    /** A new order row of {@code customer} with {@code status}. */
    void orderInserted(String orderId, String customer, String status) {
        send("orders", orderId, orderInsert(orderId, customer, status));
    }

    /** The change of a new order row, not sent. */
    static ObjectNode orderInsert(String orderId, String customer, String status) {
        ObjectNode change = fixture();
        change.put("op", "INSERT");
        change.set("new", order((ObjectNode) change.get("new"), orderId, customer, status, 0));
        change.putNull("old");
        return change;
    }

    void orderUpdated(
            String orderId, String customer, String oldStatus, String newStatus, long newVersion) {
        ObjectNode change = fixture();
        change.set(
                "old",
                order(
                        (ObjectNode) change.get("old"),
                        orderId,
                        customer,
                        oldStatus,
                        newVersion - 1));
        change.set(
                "new",
                order((ObjectNode) change.get("new"), orderId, customer, newStatus, newVersion));
        send("orders", orderId, change);
    }

    /** Sends a change and waits for Kafka's acknowledgement. */
    void send(String table, String key, ObjectNode change) {
        change.put("commitTime", Instant.now().toString());
        try {
            producer.send(
                            new ProducerRecord<>(
                                    "fleet.rows." + table, key, JSON.writeValueAsString(change)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends many changes of one table, keyed by their row id, to {@code partition} (null: by key),
     * without waiting for each acknowledgement; returns once Kafka acknowledged them all.
     */
    void sendAll(String table, Integer partition, List<ObjectNode> changes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ObjectNode change : changes) {
            change.put("commitTime", Instant.now().toString());
            sent.add(
                    producer.send(
                            new ProducerRecord<>(
                                    "fleet.rows." + table,
                                    partition,
                                    change.path("new").path("id").asString(),
                                    JSON.writeValueAsString(change))));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode fixture() {
        try (InputStream in =
                RowChanges.class.getResourceAsStream("/fixtures/row-change-orders-update.json")) {
            return (ObjectNode)
                    JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode order(
            ObjectNode row, String orderId, String customer, String status, long version) {
        return row.put("id", orderId)
                .put("customer_id", customer)
                .put("customer_email", customer + "@example.com")
                .put("status", status)
                .put("version", version);
    }

    @Override
    public void close() {
        producer.close();
    }
}
