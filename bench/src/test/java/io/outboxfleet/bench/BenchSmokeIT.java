package io.outboxfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness cannot rot: {@code bench/run --smoke} brings a real stack up with ./fleet (its own
 * FLEET_HOME under target/), places a handful of orders with the open-loop generator, waits for
 * their effects at the dev sinks, prints the table and takes the stack down. Figures are not
 * asserted, only that every row is there with a value and that every effect arrived.
 */
class BenchSmokeIT {

    @Test
    void aSmokeRunPlacesOrdersAndPrintsTheTable() throws Exception {
        Path root = Path.of(System.getProperty("fleet.root", "..")).toAbsolutePath().normalize();
        Path home = root.resolve("bench").resolve(System.getProperty("fleet.buildDir", "target"));
        Path log = home.resolve("bench-smoke.log");
        Files.createDirectories(home);
        ProcessBuilder run =
                new ProcessBuilder("bash", root.resolve("bench/run").toString(), "--smoke")
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        run.environment().put("FLEET_HOME", home.resolve("fleet-smoke").toString());
        run.environment().put("BENCH_SKIP_BUILD", "1");
        Process process = run.start();
        boolean finished = process.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = read(log);
        assertThat(finished).as("bench/run --smoke finished in time:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit status, output:%n%s", output).isZero();
        assertThat(output)
                .contains("| idle CPU, whole stack")
                .containsPattern("\\| open loop 5 orders/s for 2 s: accepted \\| [0-9.]+ orders/s")
                .contains("ok 10, failed 0")
                .containsPattern("open loop 5/s: CPU per order \\| \\*\\*[0-9.]+ ms")
                .contains("backlog flat");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
