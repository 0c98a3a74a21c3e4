package io.outboxfleet.command.webhookendpoint;

import io.outboxfleet.command.web.ApiProblem;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/**
 * SSRF guard at registration: refuses URLs whose host is, or resolves to, a loopback, private,
 * link-local (cloud metadata 169.254.169.254 included), unique-local, carrier-grade NAT, wildcard
 * or multicast address, unless FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true. A host that does not
 * resolve now is accepted: the workers check again at every delivery.
 */
@Component
class WebhookTargetPolicy {

    private final boolean allowPrivate;

    WebhookTargetPolicy(WebhookEndpointProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
    }

    /**
     * @throws ApiProblem 400 on field {@code url} when the target is private
     */
    void check(String url) {
        if (allowPrivate) {
            return;
        }
        String host = URI.create(url).getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return;
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw ApiProblem.invalidField(
                        "url",
                        "must not point at a private, loopback or link-local address ("
                                + host
                                + " is "
                                + address.getHostAddress()
                                + ")");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()
                || uniqueLocalV6
                || carrierNat;
    }
}
