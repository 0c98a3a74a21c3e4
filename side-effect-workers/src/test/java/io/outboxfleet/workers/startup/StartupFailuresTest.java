package io.outboxfleet.workers.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StartupFailuresTest {

    @Test
    void aMisconfigurationAnywhereInTheChainIsTheLine() {
        Throwable failure =
                new IllegalStateException(
                        "context failed",
                        new RuntimeException(
                                "bean failed",
                                new Misconfiguration("FLEET_JWT_SECRET", "is not set")));

        assertThat(StartupFailures.explain(failure)).contains("FLEET_JWT_SECRET is not set");
    }

    @Test
    void anUnreachableDatabaseNamesTheUrlVariable() {
        Throwable failure =
                new IllegalStateException(
                        "flyway", new SQLException("Connection to 127.0.0.1:1 refused", "08001"));

        assertThat(StartupFailures.explain(failure))
                .hasValueSatisfying(
                        line -> assertThat(line).startsWith("FLEET_DB_URL").contains("refused"));
    }

    @Test
    void badCredentialsNameTheUserAndPasswordVariables() {
        Throwable failure = new SQLException("password authentication failed", "28P01");

        assertThat(StartupFailures.explain(failure))
                .hasValueSatisfying(
                        line -> assertThat(line).startsWith("FLEET_DB_USER / FLEET_DB_PASSWORD"));
    }

    @Test
    void propertiesMapToTheirVariables() {
        assertThat(StartupFailures.variableFor("fleet.retry.initial-delay"))
                .isEqualTo("FLEET_RETRY_INITIAL_DELAY");
        assertThat(StartupFailures.variableFor("spring.mail.port")).isEqualTo("FLEET_SMTP_PORT");
        assertThat(StartupFailures.variableFor("spring.datasource.url")).isEqualTo("FLEET_DB_URL");
    }

    @Test
    void anythingElseIsLeftToSpringBoot() {
        assertThat(StartupFailures.explain(new IllegalStateException("boom"))).isEmpty();
    }
}
