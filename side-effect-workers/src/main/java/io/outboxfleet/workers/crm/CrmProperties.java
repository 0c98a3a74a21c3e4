package io.outboxfleet.workers.crm;

import io.outboxfleet.startup.Misconfiguration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The CRM's HTTP API (docs/contract.md section 7).
 *
 * @param baseUrl absolute http(s) URL (FLEET_CRM_BASE_URL, default http://127.0.0.1:8090)
 * @param token bearer token sent as {@code Authorization: Bearer} (FLEET_CRM_TOKEN; required, no
 *     default)
 * @param connectTimeout longest wait for a TCP connection (default 2s)
 * @param readTimeout longest wait for the answer (default 10s)
 * @param maxResponseBody most of an answer's body that is read (kept in the delivery's error),
 *     default 64KB
 */
@ConfigurationProperties("fleet.crm")
record CrmProperties(
        String baseUrl,
        String token,
        Duration connectTimeout,
        Duration readTimeout,
        @DefaultValue("64KB") DataSize maxResponseBody) {

    CrmProperties {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new Misconfiguration("FLEET_CRM_BASE_URL", "is not set");
        }
        try {
            URI uri = new URI(baseUrl);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new Misconfiguration(
                        "FLEET_CRM_BASE_URL",
                        "must be an absolute http(s) URL, got '" + baseUrl + "'");
            }
        } catch (URISyntaxException e) {
            throw new Misconfiguration("FLEET_CRM_BASE_URL", "is not a URL: '" + baseUrl + "'");
        }
        if (token == null || token.isBlank()) {
            throw new Misconfiguration("FLEET_CRM_TOKEN", "is not set");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new Misconfiguration("FLEET_CRM_CONNECT_TIMEOUT", "must be a positive duration");
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new Misconfiguration("FLEET_CRM_READ_TIMEOUT", "must be a positive duration");
        }
    }
}
