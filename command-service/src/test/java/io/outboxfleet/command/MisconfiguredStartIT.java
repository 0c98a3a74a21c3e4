package io.outboxfleet.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.security.secret.SecretBox;
import io.outboxfleet.startup.ServiceMain;
import io.outboxfleet.testsupport.ChildProcess;
import io.outboxfleet.testsupport.JdkTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real process, started as an operator would, with a broken environment. */
class MisconfiguredStartIT {

    @Test
    void withoutJwtSecretTheProcessExitsWithOneLineNamingTheVariable() throws Exception {
        Result result = start(null);

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().get(0)).contains("FLEET_JWT_SECRET");
    }

    @Test
    void withoutThePaymentsSecretTheProcessExitsWithOneLineNamingTheVariable() throws Exception {
        Result result =
                start(
                        "a-secret-of-at-least-thirty-two-bytes",
                        Map.of("FLEET_PAYMENTS_WEBHOOK_SECRET", ""));

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().get(0)).contains("FLEET_PAYMENTS_WEBHOOK_SECRET");
    }

    @Test
    void withoutTheSecretsKeyTheProcessExitsWithOneLineNamingTheVariable() throws Exception {
        Result result =
                start("a-secret-of-at-least-thirty-two-bytes", Map.of("FLEET_SECRETS_KEY", ""));

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().get(0)).contains("FLEET_SECRETS_KEY");
    }

    @Test
    void kafkaSaslWithoutAPasswordExitsWithOneLineNamingTheVariable() throws Exception {
        Result result =
                start(
                        "a-secret-of-at-least-thirty-two-bytes",
                        Map.of(
                                "FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                                "FLEET_KAFKA_USERNAME", "command-service"));

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
        assertThat(result.stderr())
                .singleElement()
                .asString()
                .startsWith("command-service cannot start: FLEET_KAFKA_PASSWORD is not set;");
    }

    @Test
    void withAShortJwtSecretTheProcessExitsWithOneLineNamingTheVariable() throws Exception {
        Result result = start("too-short");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr())
                .containsExactly(
                        "command-service cannot start: FLEET_JWT_SECRET is 9 bytes long; it must be"
                                + " at least 32 bytes");
    }

    @Test
    void withAnUnreachableDatabaseTheProcessExitsWithOneLineNamingTheVariable() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/fleet";
        Result result = start("a-secret-of-at-least-thirty-two-bytes", Map.of("FLEET_DB_URL", url));

        assertThat(result.exitCode()).isEqualTo(ServiceMain.EXIT_START_FAILED);
        assertThat(result.stderr()).hasSize(1);
        assertThat(result.stderr().get(0))
                .startsWith(
                        "command-service cannot start: FLEET_DB_URL: cannot use the database at "
                                + url
                                + ": cannot connect");
    }

    private record Result(int exitCode, List<String> stderr) {}

    private static Result start(String jwtSecret) throws IOException, InterruptedException {
        return start(jwtSecret, Map.of());
    }

    private static Result start(String jwtSecret, Map<String, String> env)
            throws IOException, InterruptedException {
        Path java = Path.of(JdkTools.executable("java"));
        ProcessBuilder builder =
                new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CommandServiceApplication.class.getName());
        builder.environment().remove("FLEET_JWT_SECRET");
        builder.environment().put("FLEET_PAYMENTS_WEBHOOK_SECRET", "whsec_misconfigured_start_it");
        builder.environment().put("FLEET_SECRETS_KEY", SecretBox.newKey("it"));
        if (jwtSecret != null) {
            builder.environment().put("FLEET_JWT_SECRET", jwtSecret);
        }
        builder.environment().putAll(env);
        // an ephemeral port, so a developer's running service is never disturbed
        builder.environment().put("SERVER_PORT", "0");
        ChildProcess.Finished finished = ChildProcess.run(builder, Duration.ofSeconds(120));
        return new Result(finished.exitCode(), finished.stderrLines());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
