package io.outboxfleet.workers.webhook;

import io.outboxfleet.workers.effect.EffectFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses endpoint URLs that are not http(s) or that resolve to loopback, private, link-local or
 * wildcard addresses, unless private targets are allowed. Guards against a subscriber pointing the
 * fleet at internal services (SSRF). Checked at each delivery; does not defend against DNS changing
 * between this check and the connection.
 */
final class WebhookTargets {

    private final boolean allowPrivate;

    WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
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
        if (allowPrivate) {
            return uri;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress()
                        || address.isSiteLocalAddress()
                        || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()
                        || address.isMulticastAddress()
                        || isUniqueLocalV6(address)) {
                    throw EffectFailure.permanent(
                            "endpoint "
                                    + uri.getHost()
                                    + " resolves to the private address "
                                    + address.getHostAddress()
                                    + " (set FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true to allow)");
                }
            }
        } catch (UnknownHostException e) {
            throw EffectFailure.retryable(
                    "endpoint host " + uri.getHost() + " does not resolve", e);
        }
        return uri;
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
