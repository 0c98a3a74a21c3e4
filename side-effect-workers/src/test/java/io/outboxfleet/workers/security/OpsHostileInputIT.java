package io.outboxfleet.workers.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.RawHttp;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void aNulInAConsoleFilterIsA400Page() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        logIn(browser);

        for (String parameter : new String[] {"effect", "destination", "eventType", "reason"}) {
            HttpResponse<String> page =
                    browser.send(
                            HttpRequest.newBuilder(
                                            uri(
                                                    "/ops/console/dead-letters?"
                                                            + parameter
                                                            + "=a%00b"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

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

    private void logIn(HttpClient browser) throws Exception {
        HttpResponse<String> form =
                browser.send(
                        HttpRequest.newBuilder(uri("/ops/console/login")).build(),
                        HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as(form.body()).isTrue();
        String body =
                "token="
                        + URLEncoder.encode(OPS, StandardCharsets.UTF_8)
                        + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> loggedIn =
                browser.send(
                        HttpRequest.newBuilder(uri("/ops/console/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(loggedIn.headers().firstValue("Location"))
                .as("login answered %s", loggedIn.statusCode())
                .hasValueSatisfying(to -> assertThat(to).endsWith("/ops/console/"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
