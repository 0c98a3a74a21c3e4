package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.JdkTools;
import io.outboxfleet.testsupport.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged relay ({@code outbox-relay-<version>-exec.jar}, the jar {@code ./fleet} runs) as its
 * own process against the test Postgres, so a test can SIGKILL it: no shutdown hook, no offset
 * flush, no lock release but the one Postgres does when the session dies. Output goes to {@code
 * target/relay-processes/<slot>-<n>.log}.
 */
public final class RelayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int started;

    private final Process process;
    private final int port;
    private final Path log;

    private RelayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the relay on the slot; {@code env} adds or replaces FLEET_* variables. */
    public static RelayProcess start(String slot, String kafkaBootstrap, Map<String, String> env) {
        String jar = System.getProperty("relay.execJar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException(
                    "relay.execJar not packaged: " + jar + " (run through ./mvnw verify)");
        }
        PostgresServer pg = PostgresServer.shared();
        try {
            int port = freePort();
            Path logs = Path.of("target", "relay-processes");
            Files.createDirectories(logs);
            Path log = logs.resolve(slot + "-" + (++started) + ".log");
            String java = JdkTools.executable("java");
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    List.of(
                                            java,
                                            "-Xmx256m",
                                            "-XX:+UseSerialGC",
                                            "-XX:TieredStopAtLevel=1",
                                            "-jar",
                                            jar))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> environment = builder.environment();
            environment.put("FLEET_DB_URL", pg.jdbcUrl());
            environment.put("FLEET_DB_USER", PostgresServer.USER);
            environment.put("FLEET_DB_PASSWORD", PostgresServer.PASSWORD);
            environment.put("FLEET_KAFKA_BOOTSTRAP", kafkaBootstrap);
            environment.put("FLEET_RELAY_SLOT_NAME", slot);
            environment.put("FLEET_RELAY_LOCK_POLL_INTERVAL", "300ms");
            environment.put("SERVER_PORT", Integer.toString(port));
            environment.putAll(env);
            return new RelayProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the relay process", e);
        }
    }

    /** Waits until this relay is the active one and its engine streams. */
    public RelayProcess awaitStreaming() {
        await("relay process streaming (log: " + log + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        "relay exited with "
                                                + process.exitValue()
                                                + "; see "
                                                + log);
                            }
                            String health = health();
                            return health.contains("\"role\":\"active\"")
                                    && health.contains("\"streaming\":true");
                        });
        return this;
    }

    public String health() {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + port
                                                            + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** SIGKILL, as after a crash; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("relay process did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (graceful), SIGKILL if it takes longer than 30 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
