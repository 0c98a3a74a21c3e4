package io.outboxfleet.workers.console;

import io.outboxfleet.workers.effect.deadletter.DeadLetterReplay;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The console's one call into the delivery engine: replay a dead letter, exactly as {@code POST
 * /ops/dead-letters/{id}/replay} does. Kept to this class so a change of the engine's API touches
 * the console in one place.
 */
@Component
class ReplaySeam {

    /**
     * @param outcome queued, unprocessable or not_found
     * @param detail what to tell the operator
     */
    record Outcome(String outcome, String detail) {
        boolean queued() {
            return "queued".equals(outcome);
        }
    }

    private final DeadLetterReplay replay;

    ReplaySeam(DeadLetterReplay replay) {
        this.replay = replay;
    }

    Outcome replay(UUID deadLetterId) {
        return replay.replay(deadLetterId)
                .map(
                        result -> {
                            if (result instanceof DeadLetterReplay.Result.Queued queued) {
                                return new Outcome(
                                        "queued",
                                        "queued again for "
                                                + queued.queued()
                                                + " target(s); new attempts appear below as they happen");
                            }
                            DeadLetterReplay.Result.Unprocessable refused =
                                    (DeadLetterReplay.Result.Unprocessable) result;
                            return new Outcome(
                                    "unprocessable", "cannot be replayed: " + refused.reason());
                        })
                .orElse(new Outcome("not_found", "no dead letter " + deadLetterId));
    }
}
