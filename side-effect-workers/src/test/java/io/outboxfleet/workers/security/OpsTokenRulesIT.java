package io.outboxfleet.workers.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.outboxfleet.workers.fixtures.WorkersScenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The ops API verifies tokens with the fleet's one validator (issue 14): {@code exp} and {@code
 * sub} required, {@code roles} only as an array; 401/403 are problems that say nothing about the
 * token; health details only to {@code ops}.
 */
class OpsTokenRulesIT extends WorkersScenario {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Test
    void aTokenWithoutExpIs401() throws Exception {
        String forever =
                sign(new JWTClaimsSet.Builder().subject("oscar").claim("roles", List.of("ops")));

        HttpResponse<String> reply = get("/ops/dead-letters", forever);

        assertThat(reply.statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutSubIs401() throws Exception {
        String noSub = sign(inAnHour().claim("roles", List.of("ops")));

        assertThat(get("/ops/dead-letters", noSub).statusCode()).isEqualTo(401);
    }

    @Test
    void rolesAsOneStringGrantNothing() throws Exception {
        String oneString = sign(inAnHour().subject("mallory").claim("roles", "customer admin ops"));

        HttpResponse<String> reply = get("/ops/dead-letters", oneString);

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(reply.body()).contains("\"status\":403");
    }

    @Test
    void a401IsAProblemThatSaysNothingAboutTheToken() throws Exception {
        String expired =
                sign(
                        new JWTClaimsSet.Builder()
                                .subject("oscar")
                                .claim("roles", List.of("ops"))
                                .expirationTime(new Date(System.currentTimeMillis() - 600_000)));

        HttpResponse<String> reply = get("/ops/dead-letters", expired);

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(reply.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(reply.body()).contains("\"status\":401").doesNotContainIgnoringCase("expired");
        assertThat(get("/ops/dead-letters", null).body()).contains("\"status\":401");
    }

    @Test
    void healthDetailsOnlyForOps() throws Exception {
        String anonymous = get("/actuator/health", null).body();
        String customer =
                get(
                                "/actuator/health",
                                sign(
                                        inAnHour()
                                                .subject("alice")
                                                .claim("roles", List.of("customer"))))
                        .body();
        String ops =
                get(
                                "/actuator/health",
                                sign(inAnHour().subject("oscar").claim("roles", List.of("ops"))))
                        .body();

        assertThat(anonymous)
                .contains("\"status\":\"UP\"")
                .doesNotContain("details")
                .doesNotContain("diskSpace");
        assertThat(customer).doesNotContain("details").doesNotContain("diskSpace");
        assertThat(ops).contains("diskSpace");
    }

    private static JWTClaimsSet.Builder inAnHour() {
        return new JWTClaimsSet.Builder()
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
