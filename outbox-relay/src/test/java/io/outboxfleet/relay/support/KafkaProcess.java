package io.outboxfleet.relay.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own process (the broker classes of the test classpath,
 * configured like {@code infra/kafka/server.properties}), which a drill can stop and start again on
 * the same ports and log directory. The in-process test broker cannot be restarted.
 */
public final class KafkaProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Path properties;
    private Process process;

    private KafkaProcess(int port, Path dir, Path properties) {
        this.port = port;
        this.dir = dir;
        this.properties = properties;
    }

    /** Formats a new log directory and starts the broker; returns once it accepts connections. */
    public static KafkaProcess start() throws IOException {
        int port = freePort();
        int controller = freePort();
        Path dir = Files.createTempDirectory("relay-kafka-");
        Path properties = dir.resolve("server.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controller,
                        "controller.listener.names=CONTROLLER",
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controller,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + dir.resolve("data"),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "num.partitions=3",
                        "auto.create.topics.enable=true",
                        ""));
        KafkaProcess kafka = new KafkaProcess(port, dir, properties);
        kafka.run(
                "kafka.tools.StorageTool",
                List.of("format", "-c", properties.toString(), "-t", Uuid.randomUuid().toString()),
                true);
        kafka.startBroker();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again (same ports, same data) after {@link #stop()}. */
    public void startBroker() throws IOException {
        process = run("kafka.Kafka", List.of(properties.toString()), false);
        await("Kafka broker listening on " + port)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        "Kafka exited; see " + dir.resolve("kafka.log"));
                            }
                            return listening();
                        });
    }

    /** Stops the broker (SIGTERM, SIGKILL after 30 s); returns once it is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Process run(String mainClass, List<String> args, boolean waitForExit)
            throws IOException {
        String java =
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add(
                "-Dlogback.configurationFile="
                        + KafkaProcess.class.getResource("/kafka-process-logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Process started =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
                        .start();
        if (waitForExit) {
            try {
                if (!started.waitFor(60, TimeUnit.SECONDS) || started.exitValue() != 0) {
                    started.destroyForcibly();
                    throw new IllegalStateException(
                            mainClass + " failed; see " + dir.resolve("kafka.log"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return started;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
