package io.outboxfleet.workers.ops;

import io.outboxfleet.workers.effect.deadletter.DeadLetterReplay;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import io.outboxfleet.workers.effect.deadletter.DeadLetters.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/dead-letters} (newest first, optional {@code effect} filter, {@code limit} 1-500,
 * default 100), {@code GET /ops/dead-letters/{id}} (with payload and headers) and {@code POST
 * /ops/dead-letters/{id}/replay}: 202 with what was queued again, 404 unknown id, 409 when it still
 * cannot be processed. Role {@code ops} (SecurityConfig).
 */
@RestController
@RequestMapping("/ops/dead-letters")
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final DeadLetterReplay replay;

    DeadLetterController(DeadLetters deadLetters, DeadLetterReplay replay) {
        this.deadLetters = deadLetters;
        this.replay = replay;
    }

    /** A dead letter in the list: without payload and headers. */
    record Summary(
            UUID id,
            String effect,
            String target,
            UUID eventId,
            String eventType,
            String reason,
            int attempts,
            java.time.Instant createdAt,
            java.time.Instant replayedAt,
            int replayCount) {
        static Summary of(DeadLetter d) {
            return new Summary(
                    d.id(),
                    d.effect(),
                    d.target(),
                    d.eventId(),
                    d.eventType(),
                    d.reason(),
                    d.attempts(),
                    d.createdAt(),
                    d.replayedAt(),
                    d.replayCount());
        }
    }

    @GetMapping
    Map<String, List<Summary>> list(
            @RequestParam(required = false) String effect,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new OpsProblem(HttpStatus.BAD_REQUEST, "limit must be between 1 and 500");
        }
        return Map.of("items", deadLetters.list(effect, limit).stream().map(Summary::of).toList());
    }

    @GetMapping("/{id}")
    DeadLetter get(@PathVariable UUID id) {
        return deadLetters.find(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping("/{id}/replay")
    ResponseEntity<?> replay(@PathVariable UUID id) {
        DeadLetterReplay.Result result = replay.replay(id).orElseThrow(() -> notFound(id));
        if (result instanceof DeadLetterReplay.Result.Queued queued) {
            return ResponseEntity.accepted()
                    .body(
                            Map.of(
                                    "deadLetterId",
                                    id,
                                    "eventId",
                                    String.valueOf(queued.deadLetter().eventId()),
                                    "effect",
                                    queued.deadLetter().effect(),
                                    "queued",
                                    queued.queued()));
        }
        DeadLetterReplay.Result.Unprocessable refused =
                (DeadLetterReplay.Result.Unprocessable) result;
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(
                        HttpStatus.CONFLICT,
                        "dead letter " + id + " cannot be replayed: " + refused.reason());
        problem.setTitle("Not replayable");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    private static OpsProblem notFound(UUID id) {
        return new OpsProblem(HttpStatus.NOT_FOUND, "no dead letter " + id);
    }
}
