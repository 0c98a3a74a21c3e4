package io.outboxfleet.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end within a bound. Its standard error goes to a file rather than a
 * pipe, so a child that never exits cannot hang the test on a read: the bounded wait is the only
 * wait, and a child still running at the bound is killed and reported.
 */
public final class ChildProcess {

    /** How a child ended: its exit status and the non-blank lines it wrote to standard error. */
    public record Finished(int exitCode, List<String> stderrLines) {}

    private ChildProcess() {}

    /** Starts the builder's command (standard output discarded) and waits at most {@code bound}. */
    public static Finished run(ProcessBuilder builder, Duration bound)
            throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("outbox-fleet-child-", ".err");
        try {
            Process process =
                    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(stderr.toFile())
                            .start();
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        "child did not exit within "
                                + bound
                                + ": "
                                + String.join(" ", builder.command())
                                + "\n"
                                + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            List<String> lines =
                    Files.readString(stderr, StandardCharsets.UTF_8)
                            .lines()
                            .filter(line -> !line.isBlank())
                            .toList();
            return new Finished(process.exitValue(), lines);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
