package io.outboxfleet.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker in its own process, from the Kafka jars on the test
 * classpath, for fault drills: unlike the in-process {@link KafkaBroker} it can be stopped
 * (SIGTERM) or killed (SIGKILL) and started again on the same ports with the same data, as an
 * operator's restart or a crash would leave it. Its log is {@code target/kafka-process.log}.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration START_BOUND = Duration.ofSeconds(60);

    private final Path home;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaProcess(Path home, int port, int controllerPort) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats fresh storage and starts the broker; topics are auto-created with 3 partitions. */
    public static KafkaProcess start() {
        try {
            KafkaProcess broker =
                    new KafkaProcess(
                            Files.createTempDirectory("outbox-fleet-kafka-"),
                            PostgresServer.freePort(),
                            PostgresServer.freePort());
            broker.writeConfig();
            broker.format();
            broker.startAgain();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-process-stop"));
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Kafka broker process", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Starts the broker (again) on the same ports and data; returns once it accepts connections.
     */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path log = Path.of("target", "kafka-process.log");
            Files.createDirectories(log.getParent());
            process =
                    java("kafka.Kafka", home.resolve("server.properties").toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Kafka broker process", e);
        }
        awaitListening();
    }

    /** SIGTERM and wait for a clean stop (bounded; SIGKILL after 30 s). */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL, as after a crash. */
    public synchronized void kill() {
        end(true);
    }

    @Override
    public synchronized void close() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        try {
            if (forcibly) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void writeConfig() throws IOException {
        Files.writeString(
                home.resolve("server.properties"),
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "controller.listener.names=CONTROLLER",
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + home.resolve("data"),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "num.partitions=3",
                        "auto.create.topics.enable=true",
                        ""));
    }

    private void format() throws IOException {
        ProcessBuilder builder =
                java(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        home.resolve("server.properties").toString());
        try {
            ChildProcess.Finished formatted = ChildProcess.run(builder, START_BOUND);
            if (formatted.exitCode() != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + formatted.stderrLines());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private static ProcessBuilder java(String mainClass, String... args) {
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                System.getProperty("java.home")
                                        + File.separator
                                        + "bin"
                                        + File.separator
                                        + "java",
                                "-Xmx512m",
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_BOUND);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the Kafka broker process exited with "
                                + process.exitValue()
                                + "; see target/kafka-process.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IllegalStateException("the Kafka broker did not listen within " + START_BOUND);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
