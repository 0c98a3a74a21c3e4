package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.effect.EffectMetrics.Outcome;
import io.outboxfleet.workers.event.FleetEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Performs each action of an event at most once: in one Postgres transaction it claims
 * (event id, effect, target) in {@code effect_log}, performs the action, and commits. A failed
 * action rolls the claim back, so a retry performs it again; a done action is skipped on retry.
 * Every action is attempted even when an earlier one failed, so one failing target does not hold
 * up the others of the same event.
 *
 * <p>Not guaranteed: if the process dies after the effect happened but before the commit, the
 * effect is repeated; the destination then sees the same idempotency key (Message-ID,
 * Idempotency-Key, webhook-id).
 */
@Component
class EffectRunner {

    private static final Logger log = LoggerFactory.getLogger(EffectRunner.class);

    private final EffectLog effectLog;
    private final TransactionTemplate transaction;
    private final EffectMetrics metrics;

    EffectRunner(EffectLog effectLog, TransactionTemplate transaction, EffectMetrics metrics) {
        this.effectLog = effectLog;
        this.transaction = transaction;
        this.metrics = metrics;
    }

    /** @throws EffectFailure when an action failed; permanent only when every failure is permanent */
    void run(Effect effect, FleetEvent event, List<EffectAction> actions) {
        List<RuntimeException> failures = new ArrayList<>();
        for (EffectAction action : actions) {
            try {
                runOne(effect, event, action);
            } catch (RuntimeException e) {
                metrics.attempt(effect, Outcome.FAILURE);
                log.warn("{} of event {} ({}) to {} failed: {}", effect.label(), event.id(), event.type(),
                        action.target(), e.getMessage());
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw combine(effect, event, failures);
        }
    }

    private void runOne(Effect effect, FleetEvent event, EffectAction action) {
        boolean performed = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!effectLog.claim(event.id(), effect, action.target())) {
                return false;
            }
            action.perform().run();
            return true;
        }));
        if (performed) {
            metrics.attempt(effect, Outcome.SUCCESS);
            metrics.done(effect, event.time());
            log.info("{} of event {} ({}) to {} done", effect.label(), event.id(), event.type(), action.target());
        } else {
            metrics.attempt(effect, Outcome.DUPLICATE);
            log.debug("{} of event {} to {} already done; skipped", effect.label(), event.id(), action.target());
        }
    }

    private static EffectFailure combine(Effect effect, FleetEvent event, List<RuntimeException> failures) {
        boolean allPermanent = failures.stream().allMatch(f -> f instanceof EffectFailure.Permanent);
        String message = effect.label() + " of event " + event.id() + " (" + event.type() + ") failed for "
                + failures.size() + " target(s): " + failures.get(0).getMessage();
        EffectFailure combined = allPermanent
                ? EffectFailure.permanent(message)
                : EffectFailure.retryable(message, failures.get(0));
        failures.stream().skip(allPermanent ? 0 : 1).forEach(combined::addSuppressed);
        return combined;
    }
}
