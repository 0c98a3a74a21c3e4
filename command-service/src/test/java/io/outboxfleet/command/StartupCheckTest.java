package io.outboxfleet.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupCheckTest {

    private static final String GOOD_SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void aMissingJwtSecretIsNamed() {
        assertThat(StartupCheck.problem(Map.of()))
                .hasValueSatisfying(m -> assertThat(m).startsWith("FLEET_JWT_SECRET is not set"));
        assertThat(StartupCheck.problem(Map.of("FLEET_JWT_SECRET", "  "))).isPresent();
    }

    @Test
    void aShortJwtSecretIsNamedWithItsLength() {
        assertThat(StartupCheck.problem(Map.of("FLEET_JWT_SECRET", GOOD_SECRET.substring(1))))
                .hasValue("FLEET_JWT_SECRET is 31 bytes long; it must be at least 32 bytes");
    }

    @Test
    void aNonPostgresDatabaseUrlIsNamed() {
        assertThat(
                        StartupCheck.problem(
                                Map.of(
                                        "FLEET_JWT_SECRET",
                                        GOOD_SECRET,
                                        "FLEET_DB_URL",
                                        "postgres://x/y")))
                .hasValueSatisfying(m -> assertThat(m).startsWith("FLEET_DB_URL"));
    }

    @Test
    void aGoodEnvironmentPasses() {
        assertThat(StartupCheck.problem(Map.of("FLEET_JWT_SECRET", GOOD_SECRET))).isEmpty();
        assertThat(
                        StartupCheck.problem(
                                Map.of(
                                        "FLEET_JWT_SECRET",
                                        GOOD_SECRET,
                                        "FLEET_DB_URL",
                                        "jdbc:postgresql://127.0.0.1:55432/fleet")))
                .isEmpty();
    }
}
