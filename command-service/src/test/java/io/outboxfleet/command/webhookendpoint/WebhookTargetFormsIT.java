package io.outboxfleet.command.webhookendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.command.testing.Api.Reply;
import io.outboxfleet.command.testing.ApiIntegrationTest;
import io.outboxfleet.command.testing.Tokens;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Registration refuses the address forms that passed it before issue 14: non-canonical IPv4 (octal,
 * hex, integer, short), a trailing dot, and the ranges the old check lacked (NAT64, 6to4, CGNAT,
 * IPv4-mapped).
 */
class WebhookTargetFormsIT extends ApiIntegrationTest {

    private final String admin = Tokens.of("root", "admin");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://0177.0.0.1/hook",
                "http://0x7f000001/hook",
                "http://2130706433/hook",
                "http://127.1/hook",
                "http://localhost./hook",
                "http://hooks.example.com./hook",
                "http://[64:ff9b::7f00:1]/hook",
                "http://[2002:7f00:1::]/hook",
                "http://[::ffff:127.0.0.1]/hook",
                "http://100.64.0.1/hook",
                "http://[fd00::1]/hook",
                "http://0.0.0.0/hook",
                "http://224.0.0.1/hook"
            })
    void isRefusedNamingTheUrl(String url) {
        Reply refused = api.post("/api/webhook-endpoints", admin, Map.of("url", url));

        assertProblem(refused, 400, "validation");
        assertThat(errorFields(refused)).as(url).containsExactly("url");
        assertThat(jdbc.sql("select count(*) from webhook_endpoints").query(Long.class).single())
                .isZero();
    }
}
