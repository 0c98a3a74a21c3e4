package io.outboxfleet.e2e;

import java.time.Duration;
import java.time.Instant;

/** docs/reliability.md as the long fault drills write it. */
final class ReliabilityReport {

    private ReliabilityReport() {}

    /** The checkout's commit, marked when it has uncommitted changes. */
    private static String commit() {
        try {
            Process git =
                    new ProcessBuilder("git", "describe", "--always", "--dirty")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(git.getInputStream().readAllBytes()).strip();
            return git.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && git.exitValue() == 0
                    ? out
                    : "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String render(int rate, Duration load, Duration fault, String table) {
        return """
                # Reliability: fault drills on the real processes

                Written by the long run of `e2e/FaultDrillsIT` (its short run is part of `./mvnw verify`):

                ```sh
                ./mvnw -pl e2e -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \\
                    -Dit.test=FaultDrillsIT -Ddrill.loadSeconds=%d -Ddrill.rate=%d -Ddrill.report=docs/reliability.md
                ```

                Each drill starts the packaged services as processes (the jars `./fleet` runs), places
                %d orders/s for about %d s (open loop, one customer per order), injects its fault (%d s
                where the fault has a duration) and then waits until every order committed in the
                database has its email, its CRM deal upsert and a validly signed webhook on each
                subscription, with the effect queue empty. Duplicates are counted where a user would
                count them: emails at the SMTP server (by order, with their Message-ID), deal upserts the
                CRM answered with 2xx, webhooks the subscriber answered with 2xx. Requests refused are
                order requests answered with anything but 201 during the fault (for example while
                Postgres restarts); an order is counted only if it committed. "All done after" is the
                time from the end of the fault to the last effect; where the load goes on after the
                fault (the worker and relay kills, the Postgres restart: a third to a half of the load
                time), that time is in it.

                Run on %s, %d cores, at commit %s.

                %s
                What may repeat, and why, is in [guarantees.md](guarantees.md).
                """
                .formatted(
                        load.toSeconds(),
                        rate,
                        rate,
                        load.toSeconds(),
                        fault.toSeconds(),
                        Instant.now(),
                        Runtime.getRuntime().availableProcessors(),
                        commit(),
                        table);
    }
}
