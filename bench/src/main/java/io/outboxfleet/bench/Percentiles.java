package io.outboxfleet.bench;

import java.util.Arrays;

/** Exact percentiles of a set of latencies, in milliseconds. */
final class Percentiles {

    private final double[] sorted;

    Percentiles(double[] valuesMs) {
        this.sorted = valuesMs.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The value at quantile q (0..1), nearest rank; NaN when empty. */
    double at(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** {@code p50=1.2 p95=3.4 p99=5.6 max=7.8} with the given prefix on each key. */
    String describe(String prefix) {
        return String.format(
                "%sp50=%.1f %sp95=%.1f %sp99=%.1f %smax=%.1f",
                prefix, at(0.50), prefix, at(0.95), prefix, at(0.99), prefix, at(1.0));
    }
}
