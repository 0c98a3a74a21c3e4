package io.outboxfleet.workers.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.outboxfleet.startup.StartupFailures;
import io.outboxfleet.testsupport.PostgresServer;
import io.outboxfleet.workers.SideEffectWorkersApplication;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A misconfigured start fails with one line naming the variable (docs/contract.md section 2). */
class MisconfiguredStartIT {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "fleet.security.jwt.secret=too-short                 | FLEET_JWT_SECRET must be at least 32 bytes",
                "fleet.security.jwt.secret=                          | FLEET_JWT_SECRET is not set",
                "fleet.crm.token=                           | FLEET_CRM_TOKEN is not set",
                "fleet.secrets.key=                         | FLEET_SECRETS_KEY is not set",
                "fleet.secrets.key=k1:c2hvcnQ=              | FLEET_SECRETS_KEY key k1 must be 32 bytes",
                "fleet.retry.initial-delay=soon             | FLEET_RETRY_INITIAL_DELAY has an invalid value 'soon'",
                "fleet.retry.max-attempts=0                 | FLEET_RETRY_MAX_ATTEMPTS must be at least 1",
                "fleet.crm.base-url=ftp://crm.example       | FLEET_CRM_BASE_URL must be an absolute http(s) URL",
                "fleet.mail.from=not an address             | FLEET_MAIL_FROM is not an email address",
                "fleet.kafka.security-protocol=SASL_SSL      | FLEET_KAFKA_USERNAME is not set",
                "fleet.kafka.security-protocol=KERBEROS      | FLEET_KAFKA_SECURITY_PROTOCOL is 'KERBEROS'",
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/fleet | FLEET_DB_URL: cannot use the database"
            })
    void startFailsWithOneLineNamingTheVariable(String setting, String expected) {
        PostgresServer postgres = PostgresServer.shared();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", postgres.jdbcUrl());
        settings.put("spring.datasource.username", PostgresServer.USER);
        settings.put("spring.datasource.password", PostgresServer.PASSWORD);
        settings.put("spring.kafka.bootstrap-servers", "127.0.0.1:1");
        settings.put("server.port", "0");
        settings.put("fleet.security.jwt.secret", "a-valid-secret-of-at-least-thirty-two-bytes");
        settings.put("fleet.crm.token", "a-crm-token");
        settings.put("fleet.secrets.key", WorkersScenario.SECRETS_KEY);
        int equals = setting.indexOf('=');
        settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        // command-line arguments win over application.yml, as the environment would
        String[] args =
                settings.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);

        Throwable failure =
                catchThrowable(
                        () -> {
                            try (ConfigurableApplicationContext started =
                                    new SpringApplicationBuilder(SideEffectWorkersApplication.class)
                                            .run(args)) {
                                throw new AssertionError("started despite " + setting);
                            }
                        });

        assertThat(failure).isNotNull().isNotInstanceOf(AssertionError.class);
        assertThat(StartupFailures.explain(failure))
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .startsWith(
                                                expected.substring(
                                                        0,
                                                        expected.indexOf(' ') > 0
                                                                ? expected.indexOf(' ')
                                                                : expected.length()))
                                        .contains(expected)
                                        .doesNotContain("\n"));
    }
}
