package io.outboxfleet.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ServiceMainTest {

    @Test
    void aWrongSettingExitsWithExConfig() {
        assertThat(ServiceMain.exitStatus(new Misconfiguration("FLEET_X", "is not set")))
                .isEqualTo(ServiceMain.EXIT_MISCONFIGURED)
                .isEqualTo(78);
        assertThat(
                        ServiceMain.exitStatus(
                                new SQLException("password authentication failed", "28P01")))
                .isEqualTo(ServiceMain.EXIT_MISCONFIGURED);
    }

    @Test
    void anUnreachableDatabaseOrAnUnknownFailureExitsWithOne() {
        assertThat(ServiceMain.exitStatus(new SQLException("Connection refused", "08001")))
                .isEqualTo(ServiceMain.EXIT_START_FAILED)
                .isEqualTo(1);
        assertThat(ServiceMain.exitStatus(new IllegalStateException("boom"))).isEqualTo(1);
    }
}
