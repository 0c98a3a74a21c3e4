package io.outboxfleet.workers.effect;

/**
 * One planned target of an effect for one event, recorded in {@code effect_queue} at intake and
 * performed later by {@link EffectHandler#perform}; planned once, never re-planned at delivery.
 *
 * @param target stable name of what receives the effect (a recipient, {@code contact:<id>}, a
 *     webhook endpoint id); part of the {@code effect_log} key and of the ordering group
 * @param destination the system called (say {@code smtp}, {@code crm}, {@code webhook:<endpoint
 *     id>}); each has its own in-flight limit and circuit breaker
 * @param orderingKey the ordering group within (effect, target), or null for the record's key (the
 *     aggregate): one group delivers in order, one at a time
 * @param fullStateUpsert the call sends the whole state of one entity: a queued one that a newer
 *     queued one of the same (effect, target, ordering key) replaces is skipped as {@code
 *     superseded}. Never for emails or webhooks.
 */
public record EffectTarget(
        String target, String destination, String orderingKey, boolean fullStateUpsert) {

    /** A target delivered once per event, in the order of its aggregate's events. */
    public static EffectTarget of(String target, String destination) {
        return new EffectTarget(target, destination, null, false);
    }
}
