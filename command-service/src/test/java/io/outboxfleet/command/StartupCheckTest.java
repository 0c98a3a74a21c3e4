package io.outboxfleet.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.kafkaclient.KafkaMisconfiguration;
import io.outboxfleet.startup.Misconfiguration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupCheckTest {

    private static final String GOOD_SECRET = "0123456789abcdef0123456789abcdef";
    private static final String SECRETS_KEY = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /** The line the check refuses {@code env} with, if it does. */
    private static Optional<String> problem(Map<String, String> env) {
        try {
            StartupCheck.check(env);
            return Optional.empty();
        } catch (Misconfiguration | KafkaMisconfiguration e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Every secret set, plus {@code more}. */
    private static Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("FLEET_JWT_SECRET", GOOD_SECRET);
        env.put("FLEET_PAYMENTS_WEBHOOK_SECRET", "whsec_x");
        env.put("FLEET_SECRETS_KEY", SECRETS_KEY);
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                env.remove(more[i]);
            } else {
                env.put(more[i], more[i + 1]);
            }
        }
        return env;
    }

    @Test
    void everyOtherSecretIsRequiredToo() {
        assertThat(problem(env("FLEET_PAYMENTS_WEBHOOK_SECRET", null)))
                .hasValueSatisfying(
                        m -> assertThat(m).startsWith("FLEET_PAYMENTS_WEBHOOK_SECRET is not set"));
        assertThat(problem(env("FLEET_SECRETS_KEY", null)))
                .hasValueSatisfying(m -> assertThat(m).startsWith("FLEET_SECRETS_KEY is not set"));
        assertThat(problem(env("FLEET_SECRETS_KEY", "k1:c2hvcnQ=")))
                .hasValueSatisfying(
                        m -> assertThat(m).startsWith("FLEET_SECRETS_KEY key k1 must be 32 bytes"));
    }

    @Test
    void aMissingJwtSecretIsNamed() {
        assertThat(problem(Map.of()))
                .hasValueSatisfying(m -> assertThat(m).startsWith("FLEET_JWT_SECRET is not set"));
        assertThat(problem(Map.of("FLEET_JWT_SECRET", "  "))).isPresent();
    }

    @Test
    void aShortJwtSecretIsNamedWithItsLength() {
        assertThat(problem(Map.of("FLEET_JWT_SECRET", GOOD_SECRET.substring(1))))
                .hasValue("FLEET_JWT_SECRET is 31 bytes long; it must be at least 32 bytes");
    }

    @Test
    void aNonPostgresDatabaseUrlIsNamed() {
        assertThat(problem(env("FLEET_DB_URL", "postgres://x/y")))
                .hasValueSatisfying(m -> assertThat(m).startsWith("FLEET_DB_URL"));
    }

    @Test
    void kafkaSaslWithoutCredentialsIsNamed() {
        assertThat(problem(env("FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")))
                .hasValueSatisfying(
                        m -> assertThat(m).startsWith("FLEET_KAFKA_USERNAME is not set;"));
        assertThat(
                        problem(
                                env(
                                        "FLEET_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                                        "FLEET_KAFKA_USERNAME", "command-service",
                                        "FLEET_KAFKA_PASSWORD", "s3cret")))
                .isEmpty();
    }

    @Test
    void aGoodEnvironmentPasses() {
        assertThat(problem(env())).isEmpty();
        assertThat(problem(env("FLEET_DB_URL", "jdbc:postgresql://127.0.0.1:55432/fleet")))
                .isEmpty();
    }
}
