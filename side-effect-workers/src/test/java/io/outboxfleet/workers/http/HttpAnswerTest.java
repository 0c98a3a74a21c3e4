package io.outboxfleet.workers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.outboxfleet.workers.effect.EffectFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpAnswerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(HttpAnswer.retryAfter("120", clock)).isEqualTo(Duration.ofMinutes(2));
        assertThat(HttpAnswer.retryAfter("Wed, 01 Jan 2025 00:00:30 GMT", clock))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpAnswer.retryAfter("soon", clock)).isNull();
        assertThat(HttpAnswer.retryAfter(null, clock)).isNull();
    }

    @Test
    void a429CarriesItsRetryAfterAndA404IsPermanent() {
        EffectFailure tooMany =
                new HttpAnswer(429, Duration.ofSeconds(7), "slow down").failure("crm");
        assertThat(tooMany).isInstanceOf(EffectFailure.Retryable.class);
        assertThat(((EffectFailure.Retryable) tooMany).retryAfter())
                .contains(Duration.ofSeconds(7));
        assertThat(tooMany.statusCode()).contains(429);
        assertThat(new HttpAnswer(404, null, "x".repeat(500)).failure("crm"))
                .isInstanceOf(EffectFailure.Permanent.class)
                .hasMessageEndingWith("...");
    }
}
