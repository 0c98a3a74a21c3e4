package io.outboxfleet.workers.effect.deadletter;

/**
 * Text as Postgres stores it in {@code text} and {@code jsonb} columns: neither accepts the NUL
 * character (U+0000), so a dead letter keeps it as the six characters {@code \u0000} instead of
 * failing to be written (which would block the record's partition).
 */
public final class StorableText {

    private StorableText() {}

    public static String of(String text) {
        return text == null || text.indexOf('\u0000') < 0
                ? text
                : text.replace("\u0000", "\\u0000");
    }
}
