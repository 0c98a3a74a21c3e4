package io.outboxfleet.command.webhookendpoint;

import io.outboxfleet.command.web.ApiProblem;
import io.outboxfleet.security.secret.SecretBox;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Admins register, list, read, remove, re-enable the subscribers of outgoing webhooks and rotate
 * their secrets. URLs on private addresses are refused unless
 * FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true.
 */
@RestController
@RequestMapping("/api/webhook-endpoints")
class WebhookEndpointController {

    private final WebhookEndpointRepository endpoints;
    private final WebhookTargets targets;
    private final WebhookEndpointProperties properties;
    private final SecretBox box;
    private final Clock clock;

    WebhookEndpointController(
            WebhookEndpointRepository endpoints,
            WebhookTargets targets,
            WebhookEndpointProperties properties,
            SecretBox box,
            Clock clock) {
        this.endpoints = endpoints;
        this.targets = targets;
        this.properties = properties;
        this.box = box;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<RegisteredWebhookEndpoint> register(
            @Valid @RequestBody NewWebhookEndpoint request) {
        targets.check(request.url());
        String secret = WebhookSecrets.generate();
        List<String> eventTypes = request.eventTypesOrAll();
        // stored sealed: the database alone never holds a usable secret
        UUID id =
                endpoints.insert(
                        request.url(), eventTypes, request.description(), box.seal(secret));
        URI location =
                ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(id)
                        .toUri();
        return ResponseEntity.created(location)
                .body(
                        new RegisteredWebhookEndpoint(
                                id, request.url(), eventTypes, request.description(), secret));
    }

    @GetMapping
    List<WebhookEndpoint> list() {
        return endpoints.findAll();
    }

    @GetMapping("/{id}")
    WebhookEndpoint get(@PathVariable UUID id) {
        return endpoints
                .findById(id)
                .orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
    }

    /**
     * New secret, shown once; the previous one keeps signing for {@code
     * fleet.webhooks.rotation-grace}.
     */
    @PostMapping("/{id}/rotate-secret")
    RotatedSecret rotateSecret(@PathVariable UUID id) {
        String secret = WebhookSecrets.generate();
        Instant graceEnd = clock.instant().plus(properties.rotationGrace());
        if (!endpoints.rotate(id, box.seal(secret), graceEnd)) {
            throw ApiProblem.notFound("webhook endpoint", id);
        }
        return new RotatedSecret(id, secret, graceEnd);
    }

    /**
     * Re-enables an endpoint the workers disabled after consecutive failures (or any disabled one).
     */
    @PostMapping("/{id}/enable")
    WebhookEndpoint enable(@PathVariable UUID id) {
        if (!endpoints.enable(id)) {
            throw ApiProblem.notFound("webhook endpoint", id);
        }
        return endpoints
                .findById(id)
                .orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!endpoints.delete(id)) {
            throw ApiProblem.notFound("webhook endpoint", id);
        }
        return ResponseEntity.noContent().build();
    }
}
