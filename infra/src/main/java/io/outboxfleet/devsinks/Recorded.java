package io.outboxfleet.devsinks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A bounded, thread-safe log of what a sink received; the oldest entries drop off first. */
final class Recorded<T> {

    private final int capacity;
    private final Deque<T> entries = new ArrayDeque<>();
    private long total;

    Recorded(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
        total++;
    }

    /** How many entries were ever added, including those that dropped off. */
    synchronized long total() {
        return total;
    }

    synchronized List<T> all() {
        return List.copyOf(entries);
    }
}
