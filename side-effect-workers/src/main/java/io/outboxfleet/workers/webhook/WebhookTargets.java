package io.outboxfleet.workers.webhook;

import io.outboxfleet.security.webhook.WebhookTargetPolicy;
import io.outboxfleet.workers.effect.EffectFailure;
import io.outboxfleet.workers.http.AsyncHttp;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Where the workers may send to a webhook endpoint, and the one way they do (deliveries and the
 * console's test events alike). Refuses endpoint URLs that are not http(s) or whose host is not
 * canonical, and hosts that resolve to an address of the fleet's one deny-list ({@link
 * WebhookTargetPolicy}, shared with registration: loopback, private, link-local, CGNAT,
 * unique-local, NAT64, 6to4, multicast, unspecified) unless private targets are allowed. Guards
 * against a subscriber pointing the fleet at internal services (SSRF).
 *
 * <p>The address checked is the address connected to: the {@linkplain #client client} resolves an
 * endpoint's host once per new connection, through {@link #resolve}, checks every address of that
 * answer and connects only to those, keeping the host name for {@code Host} and TLS. A DNS answer
 * that changes afterwards (rebinding) is not looked up again for that connection.
 */
public final class WebhookTargets implements AsyncHttp.Resolver {

    private final WebhookTargetPolicy policy;
    private final WebhookTargetPolicy.Lookup lookup;

    public WebhookTargets(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    /** With a DNS of the test's own. */
    WebhookTargets(boolean allowPrivate, WebhookTargetPolicy.Lookup lookup) {
        this.policy = WebhookTargetPolicy.of(allowPrivate);
        this.lookup = lookup;
    }

    /**
     * The HTTP client to send to endpoints with: it connects only to addresses {@link #resolve}
     * allowed.
     */
    public AsyncHttp client(
            String name, AsyncHttp.Limits limits, Executor completions, Clock clock) {
        return new AsyncHttp(name, limits, this, completions, clock);
    }

    /**
     * The endpoint URL, if it is an absolute http(s) URL with a canonical host (no DNS lookup here:
     * the client's {@link #resolve} does the one lookup).
     *
     * @throws EffectFailure permanent when it is not
     */
    public URI check(String url) {
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
        WebhookTargetPolicy.nonCanonical(uri)
                .ifPresent(
                        reason -> {
                            throw EffectFailure.permanent("endpoint host " + reason);
                        });
        return uri;
    }

    /**
     * The one DNS lookup of a connection to an endpoint's host: every address checked, those
     * returned are all the client may connect to.
     *
     * @throws EffectFailure permanent when an address is denied (the endpoint points somewhere the
     *     fleet never calls), retryable when the host does not resolve
     */
    @Override
    public List<InetAddress> resolve(String host) {
        try {
            return policy.resolve(host, lookup);
        } catch (WebhookTargetPolicy.DeniedTargetException e) {
            throw EffectFailure.permanent("endpoint " + e.getMessage());
        } catch (UnknownHostException e) {
            throw EffectFailure.retryable("endpoint host " + host + " does not resolve", e);
        }
    }
}
