package io.outboxfleet.command.webhookendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {

    private final HttpUrl.Validator validator = new HttpUrl.Validator();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com/fleet",
                "http://127.0.0.1:8080/hook",
                "HTTPS://EXAMPLE.COM"
            })
    void acceptsAbsoluteHttpUrls(String url) {
        assertThat(validator.isValid(url, null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://hooks.example.com",
                "/relative/path",
                "https://",
                "not a url",
                "mailto:a@b.c",
                "javascript:alert(1)",
                "http:///no-host"
            })
    void rejectsEverythingElse(String url) {
        assertThat(validator.isValid(url, null)).isFalse();
    }
}
