package io.outboxfleet.workers.effect.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.startup.Misconfiguration;
import io.outboxfleet.workers.effect.EffectFailure;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPropertiesTest {

    private final RetryProperties retry =
            new RetryProperties(
                    6, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(30));

    @Test
    void ceilingsDoubleFromTheInitialDelayUpToTheMaximum() {
        assertThat(retry.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.ceiling(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.ceiling(60)).isEqualTo(Duration.ofSeconds(5));
    }

    @RepeatedTest(20)
    void fullJitterStaysBetweenZeroAndTheCeiling() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThat(retry.backoff(attempt)).isBetween(Duration.ZERO, retry.ceiling(attempt));
        }
    }

    @Test
    void retryAfterIsHonouredBeyondTheBackoffUpToItsOwnCeiling() {
        EffectFailure tooMany =
                EffectFailure.forHttpStatus("crm", 429, Duration.ofSeconds(3), null);
        EffectFailure beyondBackoff =
                EffectFailure.forHttpStatus("crm", 429, Duration.ofSeconds(8), null);
        EffectFailure tooLong = EffectFailure.forHttpStatus("crm", 503, Duration.ofHours(1), null);

        assertThat(retry.delayAfter(1, tooMany)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(retry.delayAfter(1, beyondBackoff)).isEqualTo(Duration.ofSeconds(8));
        assertThat(retry.delayAfter(1, tooLong)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void maxAttemptsCountsTheFirstAttempt() {
        assertThat(retry.exhausted(5, 6)).isFalse();
        assertThat(retry.exhausted(6, 6)).isTrue();
    }

    @Test
    void failuresAreClassifiedOnce() {
        assertThat(EffectFailure.forHttpStatus("x", 500, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("x", 429, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("x", 408, null, null))
                .isInstanceOf(EffectFailure.Retryable.class);
        assertThat(EffectFailure.forHttpStatus("x", 404, null, null))
                .isInstanceOf(EffectFailure.Permanent.class);
        assertThat(EffectFailure.forHttpStatus("x", 400, null, "bad").getMessage())
                .isEqualTo("x answered HTTP 400: bad");
    }

    @Test
    void nonsenseNamesItsVariable() {
        assertThatThrownBy(
                        () ->
                                new RetryProperties(
                                        10,
                                        Duration.ofSeconds(5),
                                        Duration.ofSeconds(1),
                                        Duration.ofHours(1)))
                .isInstanceOf(Misconfiguration.class)
                .hasMessageStartingWith("FLEET_RETRY_MAX_DELAY");
    }
}
