package io.outboxfleet.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestLimitsIT extends ApiIntegrationTest {

    /**
     * 1.5 MiB: over the 1 MiB limit, under Tomcat's swallow size, so the answer is read cleanly.
     */
    private static final byte[] BIG_BODY = bigJson(1536 * 1024);

    private final String admin = Tokens.of("root", "admin");

    @Test
    void aBodyOverOneMebibyteWithContentLengthIs413() {
        Reply reply =
                api.send(
                        api.request("/api/products", admin)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(BIG_BODY)));

        assertProblem(reply, 413, "body-too-large");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413() {
        Reply reply =
                api.send(
                        api.request("/api/products", admin)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(BIG_BODY))));

        assertProblem(reply, 413, "body-too-large");
        assertThat(jdbc.sql("select count(*) from products").query(Long.class).single()).isZero();
    }

    @Test
    void unknownPathsAreProblemsToo() {
        assertProblem(api.get("/api/nothing-here", admin), 404, "not-found");
    }

    @Test
    void wrongMethodAndMediaTypeAreProblems() {
        assertProblem(api.delete("/api/products", admin), 405, "method-not-allowed");
        Reply text =
                api.send(
                        api.request("/api/products", admin)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(text, 415, "unsupported-media-type");
    }

    private static byte[] bigJson(int size) {
        String prefix = "{\"sku\":\"BIG\",\"name\":\"";
        String suffix = "\",\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1}";
        return (prefix + "x".repeat(size) + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
