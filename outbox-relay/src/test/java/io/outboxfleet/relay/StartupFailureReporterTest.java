package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StartupFailureReporterTest {

    @Test
    void connectionFailuresNameTheVariable() {
        RuntimeException failure =
                new RuntimeException(
                        "bean failed",
                        new SQLException("Connection to 127.0.0.1:1 refused.\nmore", "08001"));

        assertThat(StartupFailureReporter.describe(failure))
                .isEqualTo(
                        "FLEET_DB_URL: cannot connect to Postgres (Connection to 127.0.0.1:1 refused.)");
    }

    @Test
    void loginFailuresNameTheCredentials() {
        assertThat(
                        StartupFailureReporter.describe(
                                new SQLException("password authentication failed", "28P01")))
                .startsWith("FLEET_DB_USER/FLEET_DB_PASSWORD");
    }

    @Test
    void otherFailuresAreLeftToSpringBoot() {
        assertThat(StartupFailureReporter.describe(new IllegalStateException("something else")))
                .isNull();
    }
}
