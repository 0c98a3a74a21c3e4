package io.outboxfleet.workers.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outboxfleet.testsupport.ListeningSockets;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * The ops API listens on loopback unless FLEET_BIND_ADDRESS says otherwise (issue 14, "Exposure");
 * health details only for ops: {@link OpsTokenRulesIT#healthDetailsOnlyForOps}.
 */
class ExposureIT extends WorkersScenario {

    @LocalServerPort int port;

    @Autowired Environment environment;

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
}
