package io.outboxfleet.command.web;

/**
 * Text this service accepts and stores: valid Unicode (every surrogate paired) without NUL.
 * Postgres refuses NUL in text, and the JDBC driver writes a lone surrogate as {@code ?}, so two
 * different values could be stored as one; both are refused at the edge, naming the field.
 */
public final class PlainText {

    /** The message of a field that holds such text. */
    public static final String PROBLEM = "must not contain NUL or unpaired surrogate characters";

    private PlainText() {}

    /** True when {@code text} is null or holds neither NUL nor an unpaired surrogate. */
    public static boolean isValid(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
