package io.outboxfleet.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration and alert rules in {@code infra/prometheus} are valid, and the
 * relay's alerts fire exactly when their unit tests say ({@code promtool test rules}). Needs {@code
 * promtool} (Debian's {@code prometheus} package); skipped without it on a developer machine,
 * failed without it under CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
class AlertRulesIT {

    private static final Path RULES = Path.of("prometheus");

    @Test
    void configurationAndRulesAreValid() throws Exception {
        Result result = promtool("check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("relay-alerts.yml").contains("SUCCESS");
    }

    @Test
    void relayAlertsPassTheirUnitTests() throws Exception {
        Result result = promtool("test", "rules", "relay-alerts.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    private record Result(int exitCode, String output) {}

    private static Result promtool(String... args) throws IOException, InterruptedException {
        String promtool = findPromtool();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("promtool-", ".log");
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(RULES.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool did not finish within 60 s");
            }
            return new Result(
                    process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String findPromtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (ci) {
            throw new IllegalStateException(
                    "promtool not found on PATH; CI installs Debian's prometheus package (.ci/run)");
        }
        assumeTrue(
                false, "promtool not installed (apt-get install prometheus); skipped outside CI");
        return null;
    }
}
