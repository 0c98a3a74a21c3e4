package io.outboxfleet.command.changes;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a stream stands in its table's topic: for each partition, the offset of the next record to
 * send. Written as the SSE {@code id}, for example {@code 0-17.1-4.2-9}, and read back from {@code
 * Last-Event-ID}. Immutable.
 */
record StreamPosition(Map<Integer, Long> next) {

    StreamPosition {
        next = Map.copyOf(next);
    }

    /**
     * @throws IllegalArgumentException when the text is not a position
     */
    static StreamPosition parse(String text) {
        Map<Integer, Long> next = new TreeMap<>();
        for (String part : text.strip().split("\\.")) {
            String[] po = part.split("-");
            if (po.length != 2) {
                throw new IllegalArgumentException("not a stream position: " + text);
            }
            long offset = Long.parseLong(po[1]);
            int partition = Integer.parseInt(po[0]);
            if (offset < 0 || partition < 0) {
                throw new IllegalArgumentException("not a stream position: " + text);
            }
            next.put(partition, offset);
        }
        return new StreamPosition(next);
    }

    StreamPosition after(int partition, long offset) {
        Map<Integer, Long> moved = new TreeMap<>(next);
        moved.put(partition, offset + 1);
        return new StreamPosition(moved);
    }

    @Override
    public String toString() {
        return new TreeMap<>(next)
                .entrySet().stream()
                        .map(e -> e.getKey() + "-" + e.getValue())
                        .collect(Collectors.joining("."));
    }
}
