package io.outboxfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReporterTest {

    @Test
    void aKnownFailureIsOneLineNamingTheServiceAndTheVariable() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StartupFailureReporter reporter =
                new StartupFailureReporter(
                        "outbox-relay", null, new PrintStream(err, true, StandardCharsets.UTF_8));

        boolean handled =
                reporter.reportException(
                        new IllegalStateException(
                                new Misconfiguration("FLEET_RELAY_SLOT_NAME", "is empty")));

        assertThat(handled).isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("outbox-relay cannot start: FLEET_RELAY_SLOT_NAME is empty\n");
    }

    @Test
    void anUnknownFailureGetsItsCauseAndIsLeftToSpringBoot() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StartupFailureReporter reporter =
                new StartupFailureReporter(
                        "command-service",
                        null,
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        boolean handled =
                reporter.reportException(
                        new IllegalStateException("outer", new ArithmeticException("boom\nmore")));

        assertThat(handled).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("command-service cannot start: ArithmeticException: boom\n");
    }

    @Test
    void springBootUsesItForEveryApplicationNamedByItsName(CapturedOutput output) {
        Throwable failure =
                catchThrowable(
                        () ->
                                new SpringApplicationBuilder(Misconfigured.class)
                                        .web(WebApplicationType.NONE)
                                        .properties("spring.application.name=sample-service")
                                        .run()
                                        .close());

        assertThat(failure).isNotNull();
        assertThat(output.getErr())
                .isEqualTo(
                        "sample-service cannot start: FLEET_SAMPLE_SECRET is not set (no"
                                + " default)\n");
        assertThat(output.getOut()).doesNotContain("\tat ");
    }

    @Test
    void aFailureBeforeTheContextExistsIsNamedByTheConfiguration(CapturedOutput output) {
        Throwable failure =
                catchThrowable(
                        () ->
                                new SpringApplicationBuilder(Misconfigured.class)
                                        .web(WebApplicationType.NONE)
                                        .properties("spring.application.name=early-service")
                                        .listeners(new FailingEnvironmentCheck())
                                        .run()
                                        .close());

        assertThat(failure).isInstanceOf(Misconfiguration.class);
        assertThat(output.getErr())
                .isEqualTo("early-service cannot start: FLEET_KAFKA_USERNAME is not set\n");
    }

    /** Fails like the FLEET_KAFKA_* check does: while the environment is prepared. */
    static class FailingEnvironmentCheck
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            throw new Misconfiguration("FLEET_KAFKA_USERNAME", "is not set");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Misconfigured {

        @Bean
        String secret() {
            throw new Misconfiguration("FLEET_SAMPLE_SECRET", "is not set (no default)");
        }
    }
}
