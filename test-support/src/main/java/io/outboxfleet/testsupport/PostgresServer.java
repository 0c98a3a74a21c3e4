package io.outboxfleet.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests: its own data directory under the system temp folder, its
 * own port, {@code wal_level=logical}, a {@code fleet} database owned by a {@code fleet} role with
 * the REPLICATION attribute. One per JVM ({@link #shared()}), stopped at JVM exit.
 *
 * <p>Uses the server binaries of the machine (Debian's {@code postgresql} package, or the folder in
 * {@code FLEET_PG_BIN}). {@code initdb} and {@code postgres} refuse to run as root, so when the
 * tests run as root the cluster runs as the {@code postgres} user.
 */
public final class PostgresServer {

    public static final String DATABASE = "fleet";
    public static final String USER = "fleet";
    public static final String PASSWORD = "fleet";

    private static PostgresServer shared;

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /** The cluster of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                Path data = Files.createTempDirectory("outbox-fleet-pg-");
                PostgresServer server = new PostgresServer(findBinDir(), data, freePort());
                // registered first, so a cluster that started but failed its set-up is still
                // stopped
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
                server.start();
                shared = server;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the test Postgres cluster", e);
            }
        }
        return shared;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /**
     * Restarts the cluster with a fast shutdown (open sessions are terminated, as when an operator
     * or a failover restarts the server), waiting at most a minute for it to accept connections.
     */
    public void restartFast() {
        try {
            run(
                    List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            dataDir.toString(),
                            "-m",
                            "fast",
                            "-w",
                            "-t",
                            "60",
                            "restart"),
                    asPostgresUser);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart the test Postgres cluster", e);
        }
    }

    /** A connection as the superuser, for test set-up that the application role may not do. */
    public Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "");
    }

    /**
     * Empties every application table (not Flyway's history, not the relay's offsets or heartbeat),
     * so each test starts from a known state in the one shared database. A service under test may
     * still be writing (a delivery finishing, a relay heartbeat): one TRUNCATE takes all the locks,
     * and if Postgres picks it as a deadlock victim it is tried again.
     */
    public void truncateApplicationTables() {
        SQLException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try (Connection c = superuserConnection();
                    Statement s = c.createStatement()) {
                s.execute(
                        """
                    do $$ declare tables text; begin
                      select string_agg(format('%I', tablename), ', ') into tables from pg_tables
                       where schemaname = 'public'
                         and tablename not in ('flyway_schema_history', 'relay_offsets', 'relay_heartbeat');
                      if tables is not null then execute 'truncate table ' || tables || ' cascade'; end if;
                    end $$""");
                return;
            } catch (SQLException e) {
                if (!"40P01".equals(e.getSQLState()) && !"55P03".equals(e.getSQLState())) {
                    throw new IllegalStateException("cannot clean the test database", e);
                }
                last = e;
                sleepQuietly(100L * attempt);
            }
        }
        throw new IllegalStateException("cannot clean the test database: still deadlocked", last);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws IOException {
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), false);
        }
        run(
                List.of(
                        binDir.resolve("initdb").toString(),
                        "-D",
                        dataDir.toString(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-sync"),
                asPostgresUser);
        String options =
                String.join(
                        " ",
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=" + dataDir,
                        "-c",
                        "wal_level=logical",
                        "-c",
                        "max_replication_slots=20",
                        "-c",
                        "max_wal_senders=20",
                        "-c",
                        "max_connections=300",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off");
        run(
                List.of(
                        binDir.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-o",
                        options,
                        "-l",
                        dataDir.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "start"),
                asPostgresUser);
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                                "postgres",
                                "");
                Statement s = c.createStatement()) {
            s.execute("create role " + USER + " login replication password '" + PASSWORD + "'");
            s.execute("create database " + DATABASE + " owner " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the fleet role and database", e);
        }
        try (Connection c = superuserConnection();
                Statement s = c.createStatement()) {
            s.execute("alter schema public owner to " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hand the public schema to the fleet role", e);
        }
    }

    private void stop() {
        try {
            run(
                    List.of(
                            binDir.resolve("pg_ctl").toString(),
                            "-D",
                            dataDir.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"),
                    asPostgresUser);
        } catch (RuntimeException | IOException e) {
            System.err.println("could not stop test Postgres: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp folder; the OS cleans it eventually
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        // the output goes to a file, not a pipe: a child that never exits cannot hang the build on
        // a read, and the bounded wait below is the only wait
        Path log = Files.createTempFile("outbox-fleet-pg-cmd-", ".log");
        try {
            Process process =
                    new ProcessBuilder(full)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "command failed"
                                + (exited ? "" : " (no exit within 120 s, killed)")
                                + ": "
                                + String.join(" ", full)
                                + "\n"
                                + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + full, e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path findBinDir() {
        String configured = System.getenv("FLEET_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        Path root = Paths.get("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(
                            Comparator.comparingInt(
                                    bin ->
                                            Integer.parseInt(
                                                    bin.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "PostgreSQL server binaries not found under /usr/lib/postgresql: "
                            + "install the 'postgresql' package or set FLEET_PG_BIN",
                    e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
