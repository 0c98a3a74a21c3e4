package io.outboxfleet.workers.effect.deadletter;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectHandlers;
import io.outboxfleet.workers.effect.EventLogContext;
import io.outboxfleet.workers.effect.intake.EffectIntake;
import io.outboxfleet.workers.event.UnreadableEventException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.stereotype.Component;

/**
 * Replays a dead letter: its event goes back into the effect queue for the same effect (and target,
 * when it had one) with a fresh budget of FLEET_RETRY_MAX_ATTEMPTS attempts, numbered after the
 * earlier ones. It queues behind whatever its aggregate already has queued for that target, so a
 * replay can land after later events of the same aggregate. A replay of an effect already done does
 * nothing (effect_log).
 */
@Component
public class DeadLetterReplay {

    /** The outcome of a replay request. */
    public sealed interface Result {
        /** The dead letter's event was queued again ({@code queued} actions). */
        record Queued(DeadLetters.DeadLetter deadLetter, int queued) implements Result {}

        /**
         * It still cannot be processed (say, its type is still unknown), or its target no longer
         * wants it.
         */
        record Unprocessable(DeadLetters.DeadLetter deadLetter, String reason) implements Result {}
    }

    private final DeadLetters deadLetters;
    private final EffectIntake intake;
    private final EffectHandlers handlers;
    private final Clock clock;

    DeadLetterReplay(
            DeadLetters deadLetters, EffectIntake intake, EffectHandlers handlers, Clock clock) {
        this.handlers = handlers;
        this.deadLetters = deadLetters;
        this.intake = intake;
        this.clock = clock;
    }

    /** Empty when there is no such dead letter. */
    public Optional<Result> replay(UUID id) {
        return deadLetters.find(id).map(this::replay);
    }

    private Result replay(DeadLetters.DeadLetter letter) {
        ConsumerRecord<String, String> record = record(letter);
        EventLogContext context = EventLogContext.of(record);
        try {
            return replay(letter, record);
        } finally {
            context.close();
        }
    }

    private Result replay(DeadLetters.DeadLetter letter, ConsumerRecord<String, String> record) {
        Optional<Effect> known = handlers.effect(letter.effect());
        if (known.isEmpty()) {
            return new Result.Unprocessable(letter, "no effect '" + letter.effect() + "' any more");
        }
        Effect effect = known.get();
        int queued;
        try {
            queued = intake.accept(effect, record, letter.target(), letter.attempts());
        } catch (UnreadableEventException e) {
            return new Result.Unprocessable(letter, e.getMessage());
        }
        if (queued == 0 && letter.target() != null) {
            return new Result.Unprocessable(
                    letter,
                    "target "
                            + letter.target()
                            + " no longer receives "
                            + letter.eventType()
                            + " events (deleted, disabled or unsubscribed)");
        }
        deadLetters.markReplayed(letter.id(), clock.instant());
        return new Result.Queued(letter, queued);
    }

    private static ConsumerRecord<String, String> record(DeadLetters.DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.headers()
                .forEach(
                        (name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(
                letter.topic() == null ? DeadLetters.TOPIC : letter.topic(),
                letter.partition() == null ? 0 : letter.partition(),
                letter.offset() == null ? -1 : letter.offset(),
                ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                letter.key(),
                letter.payload(),
                headers,
                Optional.empty());
    }
}
