package io.outboxfleet.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.outboxfleet.workers.fixtures.EventProducer;
import io.outboxfleet.workers.fixtures.TestEvent;
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

class SecurityAndMetricsIT extends WorkersScenario {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Test
    void actuatorIsOpenAndOpsNeedsTheOpsRole() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/ops/dead-letters", null).statusCode()).isEqualTo(401);
        assertThat(get("/ops/dead-letters", token("alice", "customer")).statusCode())
                .isEqualTo(403);
        assertThat(get("/ops/dead-letters", token("oscar", "ops")).statusCode()).isEqualTo(200);
    }

    @Test
    void effectMetricsAreScraped() {
        TestEvent order = TestEvent.of("order.created");
        EventProducer.send(order);
        awaitOneEmailTo(order.text("customerEmail"));

        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> {
                            String metrics = get("/actuator/prometheus", null).body();
                            assertThat(metrics)
                                    .contains(
                                            "fleet_effect_attempts_total{application=\"side-effect-workers\",effect=\"email\",outcome=\"success\"}")
                                    .contains(
                                            "fleet_effect_latency_seconds_bucket{application=\"side-effect-workers\",effect=\"email\"")
                                    .contains("kafka_consumer_");
                        });
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String subject, String role) throws Exception {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader(JWSAlgorithm.HS256),
                        new JWTClaimsSet.Builder()
                                .subject(subject)
                                .claim("roles", List.of(role))
                                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                                .build());
        jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
