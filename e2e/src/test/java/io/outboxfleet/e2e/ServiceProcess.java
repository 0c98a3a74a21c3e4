package io.outboxfleet.e2e;

import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.JdkTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code <module>/target/<module>-<version>-exec.jar}) running as its own
 * process, the way {@code ./fleet up} runs it. Its output goes to {@code
 * target/e2e-logs/<name>.log}.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private Process process;

    ServiceProcess(String name, int port, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.env = env;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    void start() {
        Path root = Path.of(System.getProperty("fleet.root", ".."));
        Path jar =
                root.resolve(name)
                        .resolve(System.getProperty("fleet.buildDir", "target"))
                        .resolve(
                                name
                                        + "-"
                                        + System.getProperty("fleet.version", "0.1.0-SNAPSHOT")
                                        + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "not packaged yet: " + jar + " (run ./mvnw verify from the root)");
        }
        Path logs = Path.of("target", "e2e-logs");
        try {
            Files.createDirectories(logs);
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    javaBinary(),
                                    "-Xmx384m",
                                    "-XX:TieredStopAtLevel=1",
                                    "-jar",
                                    jar.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(
                                            logs.resolve(name + ".log").toFile()));
            builder.environment().putAll(env);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hooks, no flushing, as after a crash. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM: a graceful shutdown, then SIGKILL if it takes longer than a few seconds. */
    void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitHealthy() {
        await(name + " healthy")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException(
                                        name
                                                + " exited with "
                                                + process.exitValue()
                                                + "; see e2e/target/e2e-logs/"
                                                + name
                                                + ".log");
                            }
                            return healthStatus() == 200;
                        });
    }

    private int healthStatus() {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String javaBinary() {
        return JdkTools.executable("java");
    }
}
