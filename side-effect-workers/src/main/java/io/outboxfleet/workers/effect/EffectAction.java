package io.outboxfleet.workers.effect;

/**
 * One observable result of an effect for one target (a recipient, {@code contact:<id>}, a webhook
 * endpoint id). Performed at most once per (event id, effect, target).
 *
 * @param target stable name of what receives the effect; part of the {@code effect_log} key and of
 *     the ordering group (effect, target, aggregate)
 * @param destination the system called (say {@code smtp}, {@code crm}, {@code webhook:host:port});
 *     each has its own circuit breaker and bulkhead
 * @param perform does the effect; throws an {@link EffectFailure} (or any exception, treated as
 *     retryable) when it did not happen
 */
public record EffectAction(String target, String destination, Runnable perform) {}
