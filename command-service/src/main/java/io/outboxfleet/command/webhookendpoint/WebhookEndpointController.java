package io.outboxfleet.command.webhookendpoint;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import io.outboxfleet.command.web.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Admins register, list and remove the subscribers of outgoing webhooks. */
@RestController
@RequestMapping("/api/webhook-endpoints")
class WebhookEndpointController {

    private final WebhookEndpointRepository endpoints;

    WebhookEndpointController(WebhookEndpointRepository endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping
    ResponseEntity<RegisteredWebhookEndpoint> register(@Valid @RequestBody NewWebhookEndpoint request) {
        String secret = WebhookSecrets.generate();
        List<String> eventTypes = request.eventTypesOrAll();
        UUID id = endpoints.insert(request.url(), eventTypes, request.description(), secret);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri();
        return ResponseEntity.created(location)
                .body(new RegisteredWebhookEndpoint(id, request.url(), eventTypes, request.description(), secret));
    }

    @GetMapping
    List<WebhookEndpoint> list() {
        return endpoints.findAll();
    }

    @GetMapping("/{id}")
    WebhookEndpoint get(@PathVariable UUID id) {
        return endpoints.findById(id).orElseThrow(() -> ApiProblem.notFound("webhook endpoint", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!endpoints.delete(id)) {
            throw ApiProblem.notFound("webhook endpoint", id);
        }
        return ResponseEntity.noContent().build();
    }
}
