package io.outboxfleet.testsupport;

import io.outboxfleet.kafkaclient.FleetAcls;
import io.outboxfleet.kafkaclient.KafkaClientSecurity;
import io.outboxfleet.kafkaclient.SaslMechanism;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A real single-node KRaft Kafka broker in its own process, from the Kafka jars on the test
 * classpath, for fault drills: unlike the in-process {@link KafkaBroker} it can be stopped
 * (SIGTERM) or killed (SIGKILL) and started again on the same ports with the same data, as an
 * operator's restart or a crash would leave it. Its log is {@code target/kafka-process.log}.
 *
 * <p>{@link #startSecured()} runs it as {@code ./fleet up} does: clients authenticate with
 * SCRAM-SHA-512 (users {@value #ADMIN}, the super user, and one per service, {@link FleetAcls}),
 * the broker authorises with {@link FleetAcls#bindings()} and refuses whatever they do not allow.
 * {@link #startSecuredOverTls(Path)} does the same over TLS (SASL_SSL), with a certificate signed
 * by a throwaway authority made for the test ({@link BrokerCertificates}).
 */
public final class KafkaProcess implements AutoCloseable {

    /** The super user of a secured broker (inter-broker and controller traffic, test tools). */
    public static final String ADMIN = "admin";

    private static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final List<String> USERS =
            List.of(ADMIN, FleetAcls.RELAY, FleetAcls.WORKERS, FleetAcls.COMMAND_SERVICE);

    private final Path home;
    private final int port;
    private final int controllerPort;

    /** User -> password; empty when the broker is PLAINTEXT. */
    private final Map<String, String> passwords;

    /** The broker's key and the clients' truststore; null when the client listener has no TLS. */
    private final BrokerCertificates tls;

    private Process process;

    private KafkaProcess(
            Path home,
            int port,
            int controllerPort,
            Map<String, String> passwords,
            BrokerCertificates tls) {
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
        this.passwords = passwords;
        this.tls = tls;
    }

    /**
     * Formats fresh storage and starts a PLAINTEXT broker (no authentication, no ACLs); topics are
     * auto-created with 3 partitions.
     */
    public static KafkaProcess start() {
        return start(Map.of(), null);
    }

    /**
     * Formats fresh storage with a SCRAM-SHA-512 user per service and {@value #ADMIN} (random
     * passwords), starts the broker with SASL and ACLs, and puts {@link FleetAcls#bindings()} in
     * place; topics are auto-created with 3 partitions by whoever may create them.
     */
    public static KafkaProcess startSecured() {
        return start(randomPasswords(), null);
    }

    /**
     * As {@link #startSecured()}, but the client listener is SASL_SSL: SCRAM-SHA-512 over TLS, with
     * a certificate for {@code 127.0.0.1} signed by a throwaway authority that {@code keytool}
     * makes in {@code certificateDir} (a test's temporary folder; adds about 4 s to the start).
     * {@link #serviceEnvironment(String)} and {@link #clientConfig(String)} name its truststore.
     * The controller listener stays SASL_PLAINTEXT on loopback.
     */
    public static KafkaProcess startSecuredOverTls(Path certificateDir) {
        return start(randomPasswords(), BrokerCertificates.generate(certificateDir));
    }

    private static Map<String, String> randomPasswords() {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            passwords.put(user, HexFormat.of().formatHex(secret));
        }
        return passwords;
    }

    private static KafkaProcess start(Map<String, String> passwords, BrokerCertificates tls) {
        try {
            KafkaProcess broker =
                    new KafkaProcess(
                            Files.createTempDirectory("outbox-fleet-kafka-"),
                            PostgresServer.freePort(),
                            PostgresServer.freePort(),
                            Map.copyOf(passwords),
                            tls);
            broker.writeConfig();
            broker.format();
            broker.startAgain();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-process-stop"));
            if (broker.secured()) {
                FleetAcls.apply(broker.bootstrapServers(), broker.security(ADMIN));
            }
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Kafka broker process", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put the fleet's ACLs in place", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Whether clients must authenticate (and are authorised by ACLs). */
    public boolean secured() {
        return !passwords.isEmpty();
    }

    /** What clients speak to {@link #bootstrapServers()}: PLAINTEXT, SASL_PLAINTEXT or SASL_SSL. */
    public SecurityProtocol protocol() {
        if (!secured()) {
            return SecurityProtocol.PLAINTEXT;
        }
        return tls == null ? SecurityProtocol.SASL_PLAINTEXT : SecurityProtocol.SASL_SSL;
    }

    /**
     * Client configuration (bootstrap servers and, when secured, SASL; over TLS the truststore) of
     * a user: {@value #ADMIN} or one of {@link FleetAcls}' users. Add serializers and the like.
     */
    public Map<String, Object> clientConfig(String user) {
        Map<String, Object> config = new LinkedHashMap<>(security(user).kafkaProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * The environment of a service process that connects as {@code user}: {@code
     * FLEET_KAFKA_BOOTSTRAP} and, when secured, its {@code FLEET_KAFKA_*} credentials (and, over
     * TLS, the truststore).
     */
    public Map<String, String> serviceEnvironment(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLEET_KAFKA_BOOTSTRAP", bootstrapServers());
        if (secured()) {
            env.put("FLEET_KAFKA_SECURITY_PROTOCOL", protocol().name);
            env.put("FLEET_KAFKA_SASL_MECHANISM", SaslMechanism.SCRAM_SHA_512.kafkaName());
            env.put("FLEET_KAFKA_USERNAME", user);
            env.put("FLEET_KAFKA_PASSWORD", password(user));
        }
        if (tls != null) {
            env.put("FLEET_KAFKA_TRUSTSTORE_LOCATION", tls.truststore().toString());
            env.put("FLEET_KAFKA_TRUSTSTORE_PASSWORD", tls.truststorePassword());
        }
        return env;
    }

    private KafkaClientSecurity security(String user) {
        return new KafkaClientSecurity(
                protocol(),
                SaslMechanism.SCRAM_SHA_512,
                secured() ? user : null,
                secured() ? password(user) : null,
                tls == null ? null : tls.truststore(),
                tls == null ? null : tls.truststorePassword());
    }

    private String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user + " (one of " + USERS + ")");
        }
        return password;
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
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "controller.listener.names=CONTROLLER",
                                "log.dirs=" + home.resolve("data"),
                                "offsets.topic.replication.factor=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "num.partitions=3",
                                "auto.create.topics.enable=true"));
        String listener = protocol().name;
        String controllerProtocol = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        lines.addAll(
                List.of(
                        "listeners="
                                + listener
                                + "://127.0.0.1:"
                                + port
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                        "listener.security.protocol.map="
                                + listener
                                + ":"
                                + listener
                                + ",CONTROLLER:"
                                + controllerProtocol,
                        "inter.broker.listener.name=" + listener));
        if (secured()) {
            // as infra/kafka/server.properties: SCRAM for clients, PLAIN (static, admin only) on
            // the controller listener, which cannot use SCRAM (its users live in the metadata log)
            String admin = password(ADMIN);
            lines.addAll(
                    List.of(
                            "sasl.enabled.mechanisms=SCRAM-SHA-512",
                            "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                            "listener.name."
                                    + listener.toLowerCase(Locale.ROOT)
                                    + ".scram-sha-512.sasl.jaas.config="
                                    + "org.apache.kafka.common.security.scram.ScramLoginModule"
                                    + " required username=\"admin\" password=\""
                                    + admin
                                    + "\";",
                            "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                            "sasl.mechanism.controller.protocol=PLAIN",
                            "listener.name.controller.plain.sasl.jaas.config="
                                    + "org.apache.kafka.common.security.plain.PlainLoginModule"
                                    + " required username=\"admin\" password=\""
                                    + admin
                                    + "\" user_admin=\""
                                    + admin
                                    + "\";",
                            "authorizer.class.name="
                                    + "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                            "allow.everyone.if.no.acl.found=false",
                            "super.users=User:" + ADMIN));
        }
        if (tls != null) {
            // the broker's own connections (inter-broker listener) check it like any client
            lines.addAll(
                    List.of(
                            "ssl.keystore.type=PKCS12",
                            "ssl.keystore.location=" + tls.keystore(),
                            "ssl.keystore.password=" + tls.keystorePassword(),
                            "ssl.truststore.type=PKCS12",
                            "ssl.truststore.location=" + tls.truststore(),
                            "ssl.truststore.password=" + tls.truststorePassword()));
        }
        lines.add("");
        Files.writeString(home.resolve("server.properties"), String.join("\n", lines));
    }

    private void format() throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                home.resolve("server.properties").toString()));
        // SCRAM users are created with the storage: the broker has them before it first starts
        passwords.forEach(
                (user, password) ->
                        args.addAll(
                                List.of(
                                        "--add-scram",
                                        "SCRAM-SHA-512=[name="
                                                + user
                                                + ",password="
                                                + password
                                                + "]")));
        ProcessBuilder builder = java("kafka.tools.StorageTool", args.toArray(String[]::new));
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
                new ArrayList<>(
                        List.of(
                                JdkTools.executable("java"),
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
