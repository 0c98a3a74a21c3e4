package io.outboxfleet.devsinks;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the sinks listen. Each value is read from a system property, then the environment, then the
 * default.
 *
 * @param host bind address of both servers; {@code sinks.host} / {@code FLEET_SINKS_HOST}, default
 *     127.0.0.1
 * @param smtpPort SMTP port; {@code sinks.smtpPort} / {@code FLEET_SINKS_SMTP_PORT}, default 3025
 * @param httpPort CRM sink and viewer port; {@code sinks.httpPort} / {@code FLEET_SINKS_HTTP_PORT},
 *     default 8090
 * @param webhookSecretFile file holding the demo endpoint's {@code whsec_} secret(s), one per line,
 *     read on every webhook so it may appear after start-up; {@code sinks.webhookSecretFile} /
 *     {@code FLEET_DEMO_WEBHOOK_SECRET_FILE}, default none (webhooks are not verified)
 * @param logEach whether every mail, CRM call and webhook is also written as one line to stdout
 *     (the viewer keeps them either way); {@code sinks.logEach} / {@code FLEET_SINKS_LOG_EACH},
 *     default true; the benchmark turns it off so a load run does not fill the disk with logs
 */
record SinksConfig(
        String host,
        int smtpPort,
        int httpPort,
        Optional<Path> webhookSecretFile,
        boolean logEach) {

    static SinksConfig fromEnvironment() {
        return new SinksConfig(
                value("sinks.host", "FLEET_SINKS_HOST").orElse("127.0.0.1"),
                value("sinks.smtpPort", "FLEET_SINKS_SMTP_PORT")
                        .map(Integer::parseInt)
                        .orElse(3025),
                value("sinks.httpPort", "FLEET_SINKS_HTTP_PORT")
                        .map(Integer::parseInt)
                        .orElse(8090),
                value("sinks.webhookSecretFile", "FLEET_DEMO_WEBHOOK_SECRET_FILE").map(Path::of),
                value("sinks.logEach", "FLEET_SINKS_LOG_EACH")
                        .map(Boolean::parseBoolean)
                        .orElse(true));
    }

    private static Optional<String> value(String property, String env) {
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(env)))
                .filter(v -> !v.isBlank());
    }
}
