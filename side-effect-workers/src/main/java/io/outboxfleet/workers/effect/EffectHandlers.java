package io.outboxfleet.workers.effect;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The handlers, keyed by effect and event type. An event type that no effect handles is unknown; a
 * known type that one effect does not handle (say, product.stock_changed for email) is simply not
 * that effect's business.
 */
public final class EffectHandlers {

    private final Map<Effect, Map<String, EffectHandler>> byEffect = new HashMap<>();
    private final Map<String, Effect> byLabel = new HashMap<>();
    private final Set<String> knownTypes = new TreeSet<>();

    public EffectHandlers(Collection<? extends EffectHandler> handlers) {
        for (EffectHandler handler : handlers) {
            Map<String, EffectHandler> byType =
                    byEffect.computeIfAbsent(handler.effect(), e -> new HashMap<>());
            Effect sameLabel = byLabel.putIfAbsent(handler.effect().label(), handler.effect());
            if (sameLabel != null && !sameLabel.equals(handler.effect())) {
                throw new IllegalStateException(
                        "two effects labelled "
                                + sameLabel.label()
                                + ": "
                                + sameLabel
                                + " and "
                                + handler.effect());
            }
            for (String type : handler.eventTypes()) {
                EffectHandler previous = byType.putIfAbsent(type, handler);
                if (previous != null) {
                    throw new IllegalStateException(
                            "two "
                                    + handler.effect().label()
                                    + " handlers for "
                                    + type
                                    + ": "
                                    + previous.getClass().getSimpleName()
                                    + " and "
                                    + handler.getClass().getSimpleName());
                }
                knownTypes.add(type);
            }
        }
    }

    public Optional<EffectHandler> find(Effect effect, String eventType) {
        return Optional.ofNullable(byEffect.getOrDefault(effect, Map.of()).get(eventType));
    }

    /** The effect with this label, as stored in {@code effect_queue.effect}. */
    public Optional<Effect> effect(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }

    /** Every effect some handler serves, each with its consumer group. */
    public Collection<Effect> effects() {
        return java.util.List.copyOf(byLabel.values());
    }

    public boolean isKnown(String eventType) {
        return knownTypes.contains(eventType);
    }

    public Set<String> knownTypes() {
        return Set.copyOf(knownTypes);
    }
}
