package io.outboxfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.startup.StartupFailures.Explanation;
import io.outboxfleet.startup.StartupFailures.Kind;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

class StartupFailuresTest {

    private final MockEnvironment settings =
            new MockEnvironment()
                    .withProperty(
                            "spring.datasource.url",
                            "jdbc:postgresql://127.0.0.1:1/fleet?password=hidden")
                    .withProperty("spring.datasource.username", "fleet");

    @Test
    void aMisconfigurationAnywhereInTheChainIsTheLine() {
        Throwable failure =
                new IllegalStateException(
                        "context failed",
                        new RuntimeException(
                                "bean failed",
                                new Misconfiguration("FLEET_JWT_SECRET", "is not set")));

        assertThat(StartupFailures.explain(failure, settings))
                .contains(new Explanation(Kind.MISCONFIGURED, "FLEET_JWT_SECRET is not set"));
    }

    @Test
    void aValueSpringCannotConvertNamesItsVariable() {
        Throwable failure = bindFailure("fleet.retry.initial-delay", "soon");

        assertThat(StartupFailures.explain(failure))
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .startsWith(
                                                "FLEET_RETRY_INITIAL_DELAY has an invalid value"
                                                        + " 'soon'"));
    }

    @Test
    void theValueOfASecretIsNotRepeated() {
        Throwable failure = bindFailure("fleet.crm.token-lifetime", "forever");

        assertThat(StartupFailures.explain(failure))
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .startsWith(
                                                "FLEET_CRM_TOKEN_LIFETIME has an invalid value"
                                                        + " (not repeated here)")
                                        .doesNotContain("forever"));
    }

    @Test
    void anUnreachableDatabaseNamesTheUrlWithoutItsQuery() {
        Throwable failure =
                new IllegalStateException(
                        "flyway",
                        new SQLException("Connection to 127.0.0.1:1 refused.\nmore", "08001"));

        assertThat(StartupFailures.explain(failure, settings))
                .contains(
                        new Explanation(
                                Kind.UNAVAILABLE,
                                "FLEET_DB_URL: cannot use the database at"
                                        + " jdbc:postgresql://127.0.0.1:1/fleet: cannot connect"
                                        + " (Connection to 127.0.0.1:1 refused.)"));
        assertThat(StartupFailures.explain(failure))
                .contains(
                        "FLEET_DB_URL: cannot use the database: cannot connect (Connection to"
                                + " 127.0.0.1:1 refused.)");
    }

    @Test
    void aRefusedConnectionWithoutSqlStateIsTheDatabaseToo() {
        assertThat(StartupFailures.explain(new RuntimeException(new ConnectException("refused"))))
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .startsWith("FLEET_DB_URL: cannot use the database"));
    }

    @Test
    void badCredentialsNameTheUserAndPasswordVariables() {
        Throwable failure = new SQLException("password authentication failed", "28P01");

        assertThat(StartupFailures.explain(failure, settings))
                .contains(
                        new Explanation(
                                Kind.MISCONFIGURED,
                                "FLEET_DB_USER / FLEET_DB_PASSWORD: Postgres refused the login of"
                                        + " 'fleet' at jdbc:postgresql://127.0.0.1:1/fleet (password"
                                        + " authentication failed)"));
    }

    @Test
    void aMissingDatabaseIsAMisconfiguration() {
        Throwable failure = new SQLException("database \"nope\" does not exist", "3D000");

        assertThat(StartupFailures.explain(failure, settings))
                .hasValueSatisfying(
                        explained -> {
                            assertThat(explained.kind()).isEqualTo(Kind.MISCONFIGURED);
                            assertThat(explained.line())
                                    .startsWith("FLEET_DB_URL: cannot use the database at")
                                    .contains("it does not exist");
                        });
    }

    @Test
    void aUrlNoDriverAcceptsNamesTheShapeExpected() {
        Throwable failure =
                new IllegalStateException(
                        new IllegalArgumentException(
                                "Driver org.postgresql.Driver claims to not accept jdbcUrl,"
                                        + " postgres://x/y"));

        assertThat(StartupFailures.explain(failure))
                .contains("FLEET_DB_URL must look like jdbc:postgresql://host:port/database");
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

    private static BindException bindFailure(String property, String value) {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(property, value)));
        try {
            binder.bind(property, Bindable.of(Duration.class));
        } catch (BindException e) {
            return e;
        }
        throw new AssertionError(property + "=" + value + " was bound");
    }
}
