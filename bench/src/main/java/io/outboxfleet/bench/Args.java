package io.outboxfleet.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options; a missing one without a default exits with a line. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw fail("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw fail("option " + args[args.length - 1] + " has no value");
        }
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw fail("missing --" + name);
        }
        return value;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    double decimal(String name, double fallback) {
        return Double.parseDouble(get(name, Double.toString(fallback)));
    }

    private static IllegalArgumentException fail(String message) {
        System.err.println("bench: " + message);
        System.exit(2);
        return new IllegalArgumentException(message);
    }
}
