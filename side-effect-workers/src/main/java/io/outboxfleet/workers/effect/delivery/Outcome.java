package io.outboxfleet.workers.effect.delivery;

import io.outboxfleet.workers.effect.delivery.EffectQueue.Delivery;
import java.time.Instant;

/** How one attempt of a claimed delivery ended, waiting to be written by {@link OutcomeWriter}. */
sealed interface Outcome {

    Delivery delivery();

    /** The call succeeded: effect_log, a success attempt, the row removed. */
    record Done(Delivery delivery, int attempt, Instant at) implements Outcome {}

    /** The call failed and is retried at {@code next}. */
    record Retry(
            Delivery delivery, int attempt, Integer status, String error, Instant next, Instant at)
            implements Outcome {}

    /** Given up: a dead letter with the reason (the attempt is the last one counted). */
    record GaveUp(Delivery delivery, int attempt, Integer status, String reason, Instant at)
            implements Outcome {}

    /** Not attempted now (circuit open, shutting down): the lease is given back. */
    record Deferred(Delivery delivery, Instant next) implements Outcome {}
}
