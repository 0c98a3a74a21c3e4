package io.outboxfleet.workers.effect.retention;

import io.outboxfleet.startup.Misconfiguration;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the workers keep their history: {@code effect_log}, {@code delivery_attempts} and
 * replayed dead letters (undecided dead letters stay until an operator acts).
 *
 * @param retention history older than this is deleted (FLEET_EFFECT_HISTORY_RETENTION, default
 *     30d). {@code effect_log} is what keeps a redelivered event from repeating its effect: keep it
 *     longer than an event can come back (the event topics' retention, 7 days by default, plus the
 *     outbox retention when a slot is rebuilt), so at least 8 days
 * @param interval how often the purge runs (FLEET_EFFECT_HISTORY_PURGE_INTERVAL, default 1h)
 * @param batchSize rows deleted per table per statement; a run repeats until less than this is left
 *     (FLEET_EFFECT_HISTORY_PURGE_BATCH, default 10000)
 */
@ConfigurationProperties("fleet.effect-history")
public record HistoryRetentionProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("10000") int batchSize) {

    /** Shorter than this, a redelivered event (Kafka keeps it 7 days) could act again. */
    static final Duration SHORTEST = Duration.ofDays(8);

    public HistoryRetentionProperties {
        if (retention == null || retention.compareTo(SHORTEST) < 0) {
            throw new Misconfiguration(
                    "FLEET_EFFECT_HISTORY_RETENTION",
                    "must be at least 8d (longer than an event can be redelivered), got "
                            + retention);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new Misconfiguration(
                    "FLEET_EFFECT_HISTORY_PURGE_INTERVAL",
                    "must be a positive duration such as 1h");
        }
        if (batchSize < 1) {
            throw new Misconfiguration(
                    "FLEET_EFFECT_HISTORY_PURGE_BATCH", "must be at least 1, got " + batchSize);
        }
    }
}
