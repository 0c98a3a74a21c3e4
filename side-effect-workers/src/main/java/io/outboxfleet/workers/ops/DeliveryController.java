package io.outboxfleet.workers.ops;

import io.outboxfleet.workers.effect.delivery.DeliveryAttempts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/deliveries?eventId=}: every attempt of every effect for one event, oldest first
 * (effect, target, attempt, outcome, statusCode, error, attemptedAt). Role {@code ops}.
 */
@RestController
class DeliveryController {

    private final DeliveryAttempts attempts;

    DeliveryController(DeliveryAttempts attempts) {
        this.attempts = attempts;
    }

    @GetMapping("/ops/deliveries")
    Map<String, List<DeliveryAttempts.Attempt>> deliveries(
            @RequestParam(required = false) String eventId) {
        if (eventId == null || eventId.isBlank()) {
            throw new OpsProblem(HttpStatus.BAD_REQUEST, "query parameter eventId is required");
        }
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new OpsProblem(
                    HttpStatus.BAD_REQUEST, "eventId must be a UUID, got '" + eventId + "'");
        }
        return Map.of("items", attempts.forEvent(id));
    }
}
