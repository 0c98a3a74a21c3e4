package io.outboxfleet.security.web;

/**
 * Text the services accept and store: valid Unicode (every surrogate paired) without NUL. Postgres
 * refuses NUL in text, and the JDBC driver writes a lone surrogate as {@code ?}, so two different
 * values could be stored as one; both are refused at the edge, naming the field or parameter
 * (command-service's JSON bodies, both services' request parameters and headers: {@link
 * PlainTextParameters}).
 */
public final class PlainText {

    /** The message of a field or parameter that holds other text. */
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

    /** A request parameter or header that is not plain text; its message is {@link #PROBLEM}. */
    public static final class Refused extends IllegalArgumentException {
        public Refused() {
            super(PROBLEM);
        }
    }
}
