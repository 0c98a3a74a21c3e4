package io.outboxfleet.startup;

import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import io.outboxfleet.startup.StartupFailures.Kind;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code main} of a fleet service. A start that fails ends the JVM, once {@link
 * StartupFailureReporter} has printed its line: with {@value #EXIT_MISCONFIGURED} (EX_CONFIG of
 * sysexits.h) when a setting is wrong, so a supervisor can tell that restarting will not help, and
 * with {@value #EXIT_START_FAILED} otherwise (for example a database that cannot be reached yet).
 */
public final class ServiceMain {

    /** Exit status of a start refused because of a setting. */
    public static final int EXIT_MISCONFIGURED = 78;

    /** Exit status of any other failed start. */
    public static final int EXIT_START_FAILED = 1;

    private ServiceMain() {}

    /** Starts the application, or ends the JVM with one line on stderr saying why it cannot. */
    public static ConfigurableApplicationContext run(Class<?> application, String... args) {
        try {
            return SpringApplication.run(application, args);
        } catch (Throwable failure) {
            // already reported, by StartupFailureReporter and, for unknown failures, Spring Boot
            System.exit(exitStatus(failure));
            throw failure;
        }
    }

    /**
     * Runs a check of the environment before Spring starts: a {@link Misconfiguration} or {@link
     * KafkaMisconfiguration} it throws ends the JVM with one line naming {@code service} and the
     * variable, and {@value #EXIT_MISCONFIGURED}.
     */
    public static void checkFirst(String service, Runnable check) {
        try {
            check.run();
        } catch (Misconfiguration | KafkaMisconfiguration misconfiguration) {
            StartupFailureReporter.forService(service).reportException(misconfiguration);
            System.exit(EXIT_MISCONFIGURED);
        }
    }

    /** The exit status of a failed start. */
    static int exitStatus(Throwable failure) {
        return StartupFailures.explain(failure, null)
                .filter(explained -> explained.kind() == Kind.MISCONFIGURED)
                .map(explained -> EXIT_MISCONFIGURED)
                .orElse(EXIT_START_FAILED);
    }
}
