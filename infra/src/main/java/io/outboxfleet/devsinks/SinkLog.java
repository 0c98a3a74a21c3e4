package io.outboxfleet.devsinks;

import java.time.Instant;

/** One line per event on stdout, which ./fleet sends to {@code $FLEET_HOME/logs/sinks.log}. */
final class SinkLog {

    private SinkLog() {}

    static void line(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }

    /** Bodies are logged on one line, shortened: the full text is in the viewer. */
    static String oneLine(String body) {
        String flat = body.replaceAll("\\s*\\R\\s*", " ");
        return flat.length() <= 500 ? flat : flat.substring(0, 500) + "...";
    }
}
