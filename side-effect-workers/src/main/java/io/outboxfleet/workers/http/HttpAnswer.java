package io.outboxfleet.workers.http;

import io.outboxfleet.workers.effect.EffectFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.unit.DataSize;

/**
 * What the effects keep of an HTTP answer: the status, {@code Retry-After}, and at most {@code
 * maxBody} of the body (a destination cannot make a worker read an endless answer).
 */
public record HttpAnswer(int status, Duration retryAfter, String body) {

    /**
     * Reads the answer: the body up to {@code maxBody}, the rest is discarded with the connection.
     */
    public static HttpAnswer read(ClientHttpResponse response, DataSize maxBody, Clock clock)
            throws IOException {
        int status = response.getStatusCode().value();
        Duration retryAfter =
                retryAfter(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock);
        String body;
        try (InputStream in = response.getBody()) {
            body =
                    new String(
                            in.readNBytes((int) Math.min(maxBody.toBytes(), Integer.MAX_VALUE)),
                            StandardCharsets.UTF_8);
        }
        return new HttpAnswer(status, retryAfter, body);
    }

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

    /** An HTTP/1.1 request factory with these timeouts that never follows redirects. */
    public static JdkClientHttpRequestFactory requestFactory(
            Duration connectTimeout, Duration readTimeout) {
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(readTimeout);
        return requests;
    }
}
