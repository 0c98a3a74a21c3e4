package io.outboxfleet.workers.http;

import io.outboxfleet.workers.effect.EffectFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What the effects keep of an HTTP answer: the status, {@code Retry-After}, and at most {@code
 * maxBody} of the body (a destination cannot make a worker read an endless answer).
 */
public record HttpAnswer(int status, Duration retryAfter, String body) {

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /**
     * The failure this non-2xx answer is, classified once (see {@link
     * EffectFailure#forHttpStatus}).
     */
    public EffectFailure failure(String destination) {
        String excerpt = body == null ? null : body.strip();
        if (excerpt != null && excerpt.length() > 200) {
            excerpt = excerpt.substring(0, 200) + "...";
        }
        return EffectFailure.forHttpStatus(destination, status, retryAfter, excerpt);
    }

    /** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at =
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant();
                Duration delay = Duration.between(clock.instant(), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
