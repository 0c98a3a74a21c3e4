package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.event.FleetEvent;
import java.util.List;
import java.util.Set;

/**
 * What one effect does for some event types. Implementations are Spring beans; the {@link
 * EffectHandlers} registry keys them by (effect, event type).
 */
public interface EffectHandler {

    Effect effect();

    /** The {@code ce_type} values this handler serves. */
    Set<String> eventTypes();

    /**
     * The actions for this event, one per target; not yet performed. May throw {@link
     * io.outboxfleet.workers.event.UnreadableEventException} when the payload lacks a field.
     */
    List<EffectAction> actions(FleetEvent event);
}
