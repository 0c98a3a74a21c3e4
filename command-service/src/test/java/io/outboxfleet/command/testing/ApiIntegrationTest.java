package io.outboxfleet.command.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.testsupport.KafkaBroker;
import io.outboxfleet.testsupport.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a random port, on the shared real Postgres
 * (emptied before each test), called over real HTTP with tokens from {@link Tokens}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiIntegrationTest {

    protected static final String PROBLEM_JSON = "application/problem+json";
    protected static final String TYPES = "https://outbox-fleet.dev/problems/";

    /** FLEET_PAYMENTS_WEBHOOK_SECRET of the tests. */
    protected static final String PAYMENTS_SECRET = "whsec_test_payments_secret_of_the_its";

    /** FLEET_SECRETS_KEY of the tests: key id t1, 32 bytes. */
    protected static final String SECRETS_KEY = "t1:dGVzdC1rZXktb2YtdGhlLWNvbW1hbmQtc2VydmljZSE=";

    @LocalServerPort private int port;

    @Autowired protected JdbcClient jdbc;

    protected Api api;

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        PostgresServer postgres = PostgresServer.shared();
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        // the change feed's consumers join the test broker, never a developer's running one
        registry.add("spring.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
        registry.add("fleet.security.jwt.secret", () -> Tokens.SECRET);
        registry.add("fleet.payments.webhook-secret", () -> PAYMENTS_SECRET);
        registry.add("fleet.secrets.key", () -> SECRETS_KEY);
    }

    @BeforeEach
    void startClean() {
        PostgresServer.shared().truncateApplicationTables();
        api = new Api(port);
    }

    /** Asserts an RFC 9457 problem of the given status and type slug. */
    protected static void assertProblem(Api.Reply reply, int status, String typeSlug) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.contentType()).as("content type of %s", reply).startsWith(PROBLEM_JSON);
        assertThat(reply.json().path("type").asString())
                .as("type of %s", reply)
                .isEqualTo(TYPES + typeSlug);
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
    }

    /** The {@code field} names of a 400 problem's {@code errors}. */
    protected static java.util.List<String> errorFields(Api.Reply reply) {
        return reply.json()
                .path("errors")
                .valueStream()
                .map(e -> e.path("field").asString())
                .toList();
    }
}
