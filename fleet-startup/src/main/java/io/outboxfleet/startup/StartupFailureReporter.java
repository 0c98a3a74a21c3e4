package io.outboxfleet.startup;

import io.outboxfleet.startup.StartupFailures.Explanation;
import java.io.PrintStream;
import java.util.Optional;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.PropertyResolver;

/**
 * Prints a failed start as one line on stderr: {@code <service> cannot start: <what to fix>}. A
 * known failure ({@link StartupFailures}) names the variable, and Spring Boot then prints nothing
 * more; any other failure gets a line with its innermost cause, and Spring Boot's own report
 * follows in the log. Registered in {@code META-INF/spring.factories}, so every service that
 * depends on this module reports alike.
 *
 * <p>The service is named by {@code spring.application.name}; when the start failed before the
 * application context existed (for example in an environment post-processor such as the {@code
 * FLEET_KAFKA_*} check), by the name {@link ServiceNameRecorder} read once the configuration files
 * were loaded.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StartupFailureReporter implements SpringBootExceptionReporter {

    static final String UNNAMED = "the service";

    /** The last service whose configuration was loaded in this JVM (one service per JVM). */
    private static volatile String recordedService;

    private final String service;
    private final PropertyResolver settings;
    private final PrintStream out;

    /** The reporter Spring Boot creates; {@code context} is null when none was created yet. */
    public StartupFailureReporter(ConfigurableApplicationContext context) {
        this(nameOf(context), context == null ? null : context.getEnvironment(), System.err);
    }

    StartupFailureReporter(String service, PropertyResolver settings, PrintStream out) {
        this.service = service;
        this.settings = settings;
        this.out = out;
    }

    /** A reporter for a failure outside Spring, such as a check of the environment before it. */
    public static StartupFailureReporter forService(String service) {
        return new StartupFailureReporter(service, null, System.err);
    }

    @Override
    public boolean reportException(Throwable failure) {
        Optional<Explanation> explained = StartupFailures.explain(failure, settings);
        if (explained.isPresent()) {
            out.println(line(explained.get().line()));
            return true;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = StartupFailures.firstLine(root);
        out.println(
                line(root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)));
        return false;
    }

    /** The line printed for a failure explained as {@code explanation}. */
    String line(String explanation) {
        return service + " cannot start: " + explanation;
    }

    static void record(String service) {
        if (service != null && !service.isBlank()) {
            recordedService = service;
        }
    }

    private static String nameOf(ConfigurableApplicationContext context) {
        String name =
                context == null
                        ? null
                        : context.getEnvironment().getProperty("spring.application.name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String recorded = recordedService;
        return recorded != null ? recorded : UNNAMED;
    }
}
