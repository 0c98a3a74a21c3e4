package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.event.FleetEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What one effect does for some event types. Implementations are Spring beans; the {@link
 * EffectHandlers} registry keys them by (effect, event type).
 */
public interface EffectHandler {

    Effect effect();

    /** The {@code ce_type} values this handler serves. */
    Set<String> eventTypes();

    /**
     * Plans the targets of this event at intake, without calling any destination. May throw {@link
     * io.outboxfleet.workers.event.UnreadableEventException} when the payload lacks a field.
     */
    List<EffectTarget> plan(FleetEvent event);

    /**
     * Performs one planned target, without blocking the caller: the future completes when the
     * destination accepted it, or exceptionally with an {@link EffectFailure} (any other exception
     * counts as retryable). Every attempt of one (event, target) carries the same idempotency key.
     */
    CompletableFuture<Void> perform(FleetEvent event, String target);
}
