package io.outboxfleet.workers.webhook;

import io.outboxfleet.security.webhook.WebhookTargetPolicy;
import io.outboxfleet.workers.effect.EffectFailure;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses endpoint URLs that are not http(s), whose host is not canonical, or that resolve to an
 * address of the fleet's one deny-list ({@link WebhookTargetPolicy}, shared with registration:
 * loopback, private, link-local, CGNAT, unique-local, NAT64, 6to4, multicast, unspecified), unless
 * private targets are allowed. Guards against a subscriber pointing the fleet at internal services
 * (SSRF). Checked at each delivery; the HTTP client resolves the host again to connect, so a DNS
 * answer that changes between the two lookups is not caught (docs/security.md).
 */
final class WebhookTargets {

    private final WebhookTargetPolicy policy;

    WebhookTargets(boolean allowPrivate) {
        this.policy = WebhookTargetPolicy.of(allowPrivate);
    }

    URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw EffectFailure.permanent("endpoint URL is not a URL: " + url);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw EffectFailure.permanent("endpoint URL is not an absolute http(s) URL: " + url);
        }
        try {
            policy.resolve(uri.getHost());
        } catch (WebhookTargetPolicy.DeniedTargetException e) {
            throw EffectFailure.permanent("endpoint " + e.getMessage());
        } catch (UnknownHostException e) {
            throw EffectFailure.retryable(
                    "endpoint host " + uri.getHost() + " does not resolve", e);
        }
        return uri;
    }
}
