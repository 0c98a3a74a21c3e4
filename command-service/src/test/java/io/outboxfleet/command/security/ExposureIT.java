package io.outboxfleet.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import io.outboxfleet.testsupport.ListeningSockets;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * What the service shows to whoever reaches it (issue 14, "Exposure"): it listens on loopback
 * unless FLEET_BIND_ADDRESS says otherwise, and its health shows components and details (disk path,
 * database) only to a token with role ops.
 */
class ExposureIT extends ApiIntegrationTest {

    @LocalServerPort private int port;

    @Autowired private Environment environment;

    @Test
    void listensOnLoopbackOnlyByDefault() {
        assumeTrue(System.getenv("FLEET_BIND_ADDRESS") == null, "FLEET_BIND_ADDRESS is set");
        assumeTrue(ListeningSockets.available(), "no /proc/net/tcp to read");

        assertThat(ListeningSockets.addresses(port))
                .as("addresses listening on port %d", port)
                .isNotEmpty()
                .allMatch(InetAddress::isLoopbackAddress);
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void healthDetailsOnlyForOps() {
        String anonymous = api.get("/actuator/health", null).raw();
        String customer = api.get("/actuator/health", Tokens.of("alice", "customer")).raw();
        String admin = api.get("/actuator/health", Tokens.of("root", "admin")).raw();
        String ops = api.get("/actuator/health", Tokens.of("oscar", "ops")).raw();

        assertThat(anonymous)
                .contains("\"status\":\"UP\"")
                .doesNotContain("components")
                .doesNotContain("details")
                .doesNotContain("diskSpace");
        for (String notOps : new String[] {customer, admin}) {
            assertThat(notOps).doesNotContain("components").doesNotContain("diskSpace");
        }
        assertThat(ops).contains("diskSpace").contains("\"db\"");
    }
}
