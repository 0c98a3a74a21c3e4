package io.outboxfleet.command.webhookendpoint;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.security.webhook.WebhookTargetPolicy;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * SSRF guard at registration, with the fleet's one {@link WebhookTargetPolicy} (the workers apply
 * the same policy at every delivery): the URL's host must be written canonically (no octal, hex or
 * integer IPv4, no trailing dot), and must not be, or resolve to, a denied address (loopback,
 * private, link-local, CGNAT, unique-local, NAT64, 6to4, multicast, unspecified ...) unless
 * FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true. A host that does not resolve now is accepted.
 */
@Component
class WebhookTargets {

    private final WebhookTargetPolicy policy;

    WebhookTargets(WebhookEndpointProperties properties) {
        this.policy = WebhookTargetPolicy.of(properties.allowPrivateTargets());
    }

    /**
     * @throws ApiProblem 400 on field {@code url} when the target is refused
     */
    void check(String url) {
        policy.refusal(URI.create(url))
                .ifPresent(
                        reason -> {
                            throw ApiProblem.invalidField(
                                    "url", "must be a public target: " + reason);
                        });
    }
}
