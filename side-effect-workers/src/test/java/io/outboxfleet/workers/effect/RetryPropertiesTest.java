package io.outboxfleet.workers.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.workers.startup.Misconfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class RetryPropertiesTest {

    @Test
    void maxAttemptsCountsTheFirstAttemptAndDelaysGrowToTheMaximum() {
        RetryProperties retry = new RetryProperties(6, Duration.ofSeconds(1), Duration.ofSeconds(5));

        BackOffExecution execution = retry.backOff().start();
        List<Long> delays = new ArrayList<>();
        for (long next = execution.nextBackOff(); next != BackOffExecution.STOP; next = execution.nextBackOff()) {
            delays.add(next);
        }

        assertThat(delays).hasSize(5);
        assertThat(delays.get(0)).isBetween(1000L, 1500L);
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(1000L, 5000L));
        assertThat(delays.get(4)).isGreaterThan(delays.get(0)); // grew, with jitter, up to the cap
    }

    @Test
    void oneAttemptMeansNoRetry() {
        RetryProperties retry = new RetryProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(retry.backOff().start().nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    @Test
    void nonsenseNamesItsVariable() {
        assertThatThrownBy(() -> new RetryProperties(10, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(Misconfiguration.class).hasMessageStartingWith("FLEET_RETRY_MAX_DELAY");
    }
}
