package io.outboxfleet.relay.offsets;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

/**
 * Debezium's offsets in the {@code relay_offsets} table, next to the replication slot they
 * describe. Debezium writes offsets only after the change consumer marked the records processed,
 * which the relay does after Kafka acknowledged them; so a stored offset never runs ahead of Kafka.
 *
 * <p>Instantiated by Debezium through its no-argument constructor; the connection settings come
 * from the engine properties {@link #URL}, {@link #USER}, {@link #PASSWORD}.
 */
public class PostgresOffsetBackingStore extends MemoryOffsetBackingStore {

    public static final String URL = "offset.storage.jdbc.url";
    public static final String USER = "offset.storage.jdbc.user";
    public static final String PASSWORD = "offset.storage.jdbc.password";

    private static final String SELECT_ALL =
            """
            select offset_key, offset_value from relay_offsets""";
    private static final String UPSERT =
            """
            insert into relay_offsets (offset_key, offset_value, updated_at) values (?, ?, now())
            on conflict (offset_key) do update set offset_value = excluded.offset_value, updated_at = now()""";

    private String url;
    private String user;
    private String password;
    private Connection connection;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> originals = config.originalsStrings();
        url = originals.get(URL);
        user = originals.get(USER);
        password = originals.get(PASSWORD);
        if (url == null) {
            throw new ConnectException(URL + " is required by " + getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        super.start();
        try (PreparedStatement select = connection().prepareStatement(SELECT_ALL);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byte[] value = rows.getBytes(2);
                data.put(
                        ByteBuffer.wrap(rows.getBytes(1)),
                        value == null ? null : ByteBuffer.wrap(value));
            }
            connection.commit();
        } catch (SQLException e) {
            throw new ConnectException("cannot read relay offsets", e);
        }
    }

    @Override
    public synchronized void stop() {
        super.stop();
        closeConnection();
    }

    /**
     * Writes every known offset in one transaction; called on the store's executor after each set.
     */
    @Override
    protected synchronized void save() {
        try {
            Connection c = connection();
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : data.entrySet()) {
                    upsert.setBytes(1, bytes(entry.getKey()));
                    upsert.setBytes(2, bytes(entry.getValue()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            closeConnection();
            throw new ConnectException("cannot write relay offsets", e);
        }
    }

    /** Not needed by the embedded engine (it serves one connector); Connect's REST API uses it. */
    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(url, user, password);
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is abandoned either way
            }
            connection = null;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
