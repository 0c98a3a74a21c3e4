package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.startup.ServiceMain;
import io.outboxfleet.testsupport.ChildProcess;
import io.outboxfleet.testsupport.JdkTools;
import io.outboxfleet.testsupport.PostgresServer;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misconfigured relay exits non-zero with one line naming the variable (run as a real process).
 */
class MisconfiguredStartIT {

    @Test
    void malformedDatabaseUrlNamesTheVariable() throws Exception {
        Result result = run(Map.of("FLEET_DB_URL", "postgres://nowhere/fleet"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines())
                .singleElement()
                .asString()
                .contains("FLEET_DB_URL")
                .contains("jdbc:postgresql://host:port/database");
    }

    @Test
    void unreachableDatabaseNamesTheVariable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result =
                run(Map.of("FLEET_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/fleet"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines())
                .singleElement()
                .asString()
                .contains("FLEET_DB_URL")
                .contains("cannot connect");
    }

    @Test
    void kafkaSaslWithoutAUserNamesTheVariable() throws Exception {
        Result result = run(Map.of("FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderrLines())
                .singleElement()
                .asString()
                .startsWith("outbox-relay cannot start: FLEET_KAFKA_USERNAME is not set;");
    }

    @Test
    void kafkaTruststoreThatCannotBeOpenedNamesTheVariable(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.p12");
        Result noFile =
                run(
                        Map.of(
                                "FLEET_KAFKA_SECURITY_PROTOCOL",
                                "SSL",
                                "FLEET_KAFKA_TRUSTSTORE_LOCATION",
                                missing.toString()));

        assertThat(noFile.exitCode()).isNotZero();
        assertThat(noFile.stderrLines())
                .singleElement()
                .asString()
                .isEqualTo(
                        "outbox-relay cannot start: FLEET_KAFKA_TRUSTSTORE_LOCATION names no"
                                + " readable file: "
                                + missing);

        Path truststore = dir.resolve("truststore.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(truststore)) {
            store.store(out, "changeit".toCharArray());
        }
        Result wrongPassword =
                run(
                        Map.of(
                                "FLEET_KAFKA_SECURITY_PROTOCOL", "SSL",
                                "FLEET_KAFKA_TRUSTSTORE_LOCATION", truststore.toString(),
                                "FLEET_KAFKA_TRUSTSTORE_PASSWORD", "guessed"));

        assertThat(wrongPassword.exitCode()).isNotZero();
        assertThat(wrongPassword.stderrLines())
                .singleElement()
                .asString()
                .startsWith(
                        "outbox-relay cannot start: FLEET_KAFKA_TRUSTSTORE_PASSWORD is wrong: it"
                                + " does not open "
                                + truststore)
                .doesNotContain("guessed");
    }

    @Test
    void aRelaySettingItCannotWorkWithNamesTheVariable() throws Exception {
        PostgresServer postgres = PostgresServer.shared();
        Result result =
                run(
                        Map.of(
                                "FLEET_DB_URL",
                                postgres.jdbcUrl(),
                                "FLEET_DB_USER",
                                PostgresServer.USER,
                                "FLEET_DB_PASSWORD",
                                PostgresServer.PASSWORD,
                                "FLEET_RELAY_MAX_QUEUE_SIZE",
                                "10"));

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
        assertThat(result.stderrLines())
                .containsExactly(
                        "outbox-relay cannot start: FLEET_RELAY_MAX_QUEUE_SIZE (10) must be larger"
                                + " than FLEET_RELAY_MAX_BATCH_SIZE (4096)");
    }

    private record Result(int exitCode, List<String> stderrLines) {}

    private static Result run(Map<String, String> env) throws Exception {
        String java = JdkTools.executable("java");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxRelayApplication.class.getName(),
                        "--server.port=0");
        builder.environment().putAll(env);
        ChildProcess.Finished finished = ChildProcess.run(builder, Duration.ofSeconds(60));
        return new Result(finished.exitCode(), finished.stderrLines());
    }
}
