package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outboxfleet.testsupport.RecordingHttpServer;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.OpsApi;
import io.outboxfleet.workers.fixtures.TestEvent;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console refuses tokens without role ops, shows markup as text, sends its security headers,
 * refuses state changes without the CSRF token, and leaves the JSON ops API bearer-only.
 */
class ConsoleSecurityIT extends WorkersScenario {

    private static final String MARKUP =
            "<script>window.pwned = true</script><img src=x id=injected><b id=bold>bold</b>";

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private ConsoleBrowser browser;

    @BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser(port);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aCustomerTokenIsRefusedAtLoginAndOpensNoPage() {
        browser.logIn(OpsApi.token("alice", "customer"));

        assertThat(browser.path()).isEqualTo("/ops/console/login");
        assertThat(browser.find("#login-error").getText()).contains("has no role ops");
        browser.open("/ops/console/dead-letters");
        assertThat(browser.path()).isEqualTo("/ops/console/login");

        browser.logIn("not-a-token");
        assertThat(browser.find("#login-error").getText()).contains("not valid");
        browser.screenshot("login");
    }

    @Test
    void aPayloadWithMarkupIsShownAsText() {
        RecordingHttpServer gone = new RecordingHttpServer();
        gone.respondAlways(410);
        subscribe(gone, "/gone", "order.created");
        TestEvent order = TestEvent.of("order.created").with("note", MARKUP);
        EventProducer.send(order);
        UUID letter = awaitDeadLetterOf(order);

        browser.logIn(OpsApi.token("olivia", "ops"));
        browser.open("/ops/console/dead-letters/" + letter);

        assertThat(browser.find("#payload").getText()).contains(MARKUP);
        assertThat(browser.all("#injected")).isEmpty();
        assertThat(browser.all("#bold")).isEmpty();
        assertThat(browser.driver().executeScript("return window.pwned === undefined"))
                .isEqualTo(true);
        browser.screenshot("dead-letter");
        gone.close();
    }

    @Test
    void pagesCarryTheSecurityHeadersAndStateChangesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> login = get("/ops/console/login", null, null);
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        RecordingHttpServer gone = new RecordingHttpServer();
        gone.respondAlways(410);
        subscribe(gone, "/gone", "order.created");
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);
        UUID letter = awaitDeadLetterOf(order);
        browser.logIn(OpsApi.token("olivia", "ops"));
        Cookie session = browser.sessionCookie();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Strict");

        HttpResponse<String> forged =
                send(
                        HttpRequest.newBuilder(
                                        uri("/ops/console/dead-letters/" + letter + "/replay"))
                                .header("Cookie", "JSESSIONID=" + session.getValue())
                                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(
                        jdbc.sql("select replay_count from dead_letters where id = :id")
                                .param("id", letter)
                                .query(Integer.class)
                                .single())
                .isZero();

        // the JSON ops API stays bearer-only and stateless: the console's cookie opens nothing
        // there
        assertThat(get("/ops/dead-letters", null, session.getValue()).statusCode()).isEqualTo(401);
        HttpResponse<String> api = get("/ops/dead-letters", OpsApi.token("ops-1", "ops"), null);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Set-Cookie")).isEmpty();
        gone.close();
    }

    private UUID awaitDeadLetterOf(TestEvent order) {
        String sql = "select id from dead_letters where event_id = :id and effect = 'webhook'";
        await().atMost(PATIENCE)
                .until(
                        () ->
                                jdbc.sql(sql)
                                        .param("id", order.id())
                                        .query(UUID.class)
                                        .optional()
                                        .isPresent());
        return jdbc.sql(sql).param("id", order.id()).query(UUID.class).single();
    }

    private HttpResponse<String> get(String path, String bearer, String sessionId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (sessionId != null) {
            request.header("Cookie", "JSESSIONID=" + sessionId);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
