package io.outboxfleet.workers.console;

import io.outboxfleet.security.secret.SecretBox;
import java.security.Principal;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Webhook endpoints: state and failures; enable, disable, rotate the secret, send a test event. */
@Controller
@RequestMapping(ConsoleSecurity.BASE + "/endpoints")
class ConsoleEndpoints {

    private static final Logger log = LoggerFactory.getLogger(ConsoleEndpoints.class);

    private final EndpointAdmin endpoints;
    private final TestEventSender tests;

    ConsoleEndpoints(EndpointAdmin endpoints, TestEventSender tests) {
        this.endpoints = endpoints;
        this.tests = tests;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("endpoints", endpoints.list());
        return "console/endpoints";
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable UUID id, Principal operator, RedirectAttributes redirect) {
        found(endpoints.enable(id), id);
        log.info("webhook endpoint {} enabled by {} in the ops console", id, operator.getName());
        return back(redirect, "Endpoint " + id + " enabled; its failure count is reset.", true);
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable UUID id, Principal operator, RedirectAttributes redirect) {
        found(endpoints.disable(id, operator.getName()), id);
        log.info("webhook endpoint {} disabled by {} in the ops console", id, operator.getName());
        return back(
                redirect, "Endpoint " + id + " disabled; it receives nothing until enabled.", true);
    }

    @PostMapping("/{id}/rotate-secret")
    String rotate(@PathVariable UUID id, Principal operator, Model model) {
        String secret =
                endpoints.rotate(id).orElseThrow(() -> new ConsoleNotFound("no endpoint " + id));
        log.info(
                "webhook endpoint {}: secret rotated by {} in the ops console",
                id,
                operator.getName());
        model.addAttribute("endpoint", endpoints.find(id).orElseThrow());
        model.addAttribute("secret", secret);
        model.addAttribute("graceHours", EndpointAdmin.ROTATION_GRACE.toHours());
        return "console/endpoint-secret";
    }

    @PostMapping("/{id}/test")
    String test(@PathVariable UUID id, Principal operator, RedirectAttributes redirect) {
        EndpointAdmin.Endpoint endpoint =
                endpoints.find(id).orElseThrow(() -> new ConsoleNotFound("no endpoint " + id));
        String secret;
        try {
            secret = endpoints.signingSecret(endpoint);
        } catch (SecretBox.SecretBoxException e) {
            return back(
                    redirect,
                    "Test event to "
                            + endpoint.url()
                            + " not sent: its secret does not open with FLEET_SECRETS_KEY",
                    false);
        }
        TestEventSender.Result result = tests.send(endpoint, secret, operator.getName());
        String message =
                result.status() != null
                        ? "Test event to "
                                + endpoint.url()
                                + ": HTTP "
                                + result.status()
                                + (result.body() == null || result.body().isBlank()
                                        ? ""
                                        : ", body: " + result.body())
                        : "Test event to " + endpoint.url() + " failed: " + result.error();
        return back(redirect, message, result.ok());
    }

    private static void found(boolean updated, UUID id) {
        if (!updated) {
            throw new ConsoleNotFound("no endpoint " + id);
        }
    }

    private static String back(RedirectAttributes redirect, String message, boolean ok) {
        redirect.addFlashAttribute("flash", message);
        redirect.addFlashAttribute("flashOk", ok);
        return "redirect:" + ConsoleSecurity.BASE + "/endpoints";
    }
}
