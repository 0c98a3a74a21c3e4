package io.outboxfleet.workers.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.RawHttp;
import io.outboxfleet.workers.fixtures.ConsoleSession;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Input an attacker would try on the workers' HTTP side (issue 14), as command-service's {@code
 * HostileInputIT} does: a parameter the database cannot hold is refused at the edge naming it, and
 * the security firewall's refusals are 400 problems, never a 500 or Boot's error JSON.
 */
class OpsHostileInputIT extends WorkersScenario {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String OPS = OpsApi.token("oscar", "ops");

    @LocalServerPort int port;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/ops/dead-letters?effect=a%00b|effect",
                "/ops/dead-letters?effect=%00|effect",
                "/ops/deliveries?eventId=%00|eventId",
            })
    void aNulInAQueryParameterIsA400ProblemNamingIt(String target, String parameter) {
        RawHttp.Answer answer =
                RawHttp.send(port, RawHttp.get(target, "Authorization: Bearer " + OPS));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
        assertThat(answer.body()).as("%s", answer).contains(parameter);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ops/dead-letters/%2e%2e/x",
                "/ops/dead-letters;x=1",
                "/ops//dead-letters",
                "/ops/console/%2e%2e/dead-letters"
            })
    void pathsTheFirewallRefusesAreA400Problem(String target) {
        RawHttp.Answer answer =
                RawHttp.send(port, RawHttp.get(target, "Authorization: Bearer " + OPS));

        assertRejectedRequest(answer);
    }

    @Test
    void rawUtf8BytesInAHeaderAreA400Problem() {
        String rawUtf8 =
                new String("tökén-✓".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        RawHttp.Answer answer =
                RawHttp.send(
                        port, RawHttp.get("/ops/dead-letters", "Authorization: Bearer " + rawUtf8));

        assertRejectedRequest(answer);
    }

    /** The console is HTML: the same input is a 400 page saying what was wrong, not a 503. */
    @Test
    void aNulInAConsoleFilterIsA400Page() {
        ConsoleSession console = ConsoleSession.logIn(port);

        for (String parameter : new String[] {"effect", "destination", "eventType", "reason"}) {
            HttpResponse<String> page =
                    console.get("/ops/console/dead-letters?" + parameter + "=a%00b");

            assertThat(page.statusCode()).as(parameter + ": " + page.body()).isEqualTo(400);
            assertThat(page.body()).contains(parameter);
        }
    }

    private static void assertRejectedRequest(RawHttp.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.contentType()).as("%s", answer).startsWith(PROBLEM_JSON);
        assertThat(answer.body())
                .as("%s", answer)
                .contains("https://outbox-fleet.dev/problems/rejected-request")
                .doesNotContain("Exception")
                .doesNotContain("tökén");
    }
}
