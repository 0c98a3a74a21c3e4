package io.outboxfleet.workers.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    @Test
    void blankFieldsMeanAnyAndStatusDefaultsToWaiting() {
        DeadLetterFilter filter = new DeadLetterFilter(" ", "", null, "  ", "", null, null);

        assertThat(filter.effect()).isNull();
        assertThat(filter.destination()).isNull();
        assertThat(filter.reason()).isNull();
        assertThat(filter.status()).isEqualTo("waiting");
        assertThat(filter.query()).isEqualTo("status=waiting");
    }

    @Test
    void timesAreUtcMinutesAsTheBrowserSendsThem() {
        DeadLetterFilter filter =
                new DeadLetterFilter(null, null, null, null, "2026-12-02T10:15", null, "all");

        assertThat(filter.fromTime()).isEqualTo(Instant.parse("2026-12-02T10:15:00Z"));
        assertThat(filter.toTime()).isNull();
    }

    @Test
    void theQueryKeepsEveryFieldEncoded() {
        DeadLetterFilter filter =
                new DeadLetterFilter(
                        "webhook",
                        "hooks.example.com/a b",
                        "order.created",
                        "HTTP 503",
                        null,
                        null,
                        "ALL");

        assertThat(filter.query())
                .isEqualTo(
                        "effect=webhook&destination=hooks.example.com/a%20b&eventType=order.created"
                                + "&reason=HTTP%20503&status=all");
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(
                        () -> new DeadLetterFilter(null, null, null, null, "yesterday", null, null))
                .isInstanceOf(ConsoleBadRequest.class)
                .hasMessageContaining("from must be a time");
        assertThatThrownBy(() -> new DeadLetterFilter(null, null, null, null, null, null, "lost"))
                .isInstanceOf(ConsoleBadRequest.class)
                .hasMessageContaining("status must be");
    }
}
