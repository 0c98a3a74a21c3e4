package io.outboxfleet.bench;

/**
 * Watches a counter ({@code --source kafka|sinks}) grow by {@code --expect} and reports how fast:
 * the time to the first increase, and the rate between the first and the last increase.
 *
 * <pre>
 * java ... io.outboxfleet.bench.Watch --source kafka --bootstrap 127.0.0.1:9092 --expect 30000 \
 *     --timeout 120
 * </pre>
 *
 * Prints {@code done=.. expected=.. first_s=.. span_s=.. rate=.. complete=true|false}. It stops at
 * the expected count, at the timeout, or when nothing moved for {@code --idle} seconds after the
 * first increase. Started before the work is released, so the baseline is the count before it.
 */
public final class Watch {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        long expect = Long.parseLong(args.get("expect"));
        double timeout = args.decimal("timeout", 120);
        double idle = args.decimal("idle", 15);
        String source = args.get("source");
        try (Counter counter =
                switch (source) {
                    case "kafka" ->
                            Counter.kafkaEndOffsets(args.get("bootstrap", "127.0.0.1:9092"));
                    case "sinks" -> Counter.sinks(args.get("url", "http://127.0.0.1:8090"));
                    default -> throw new IllegalArgumentException("unknown source " + source);
                }) {
            long base = counter.read();
            long start = System.nanoTime();
            long first = -1;
            long last = start;
            long seen = 0;
            System.out.println("watching " + source + " from " + base);
            while (true) {
                long now = System.nanoTime();
                long done = counter.read() - base;
                if (done > seen) {
                    if (first < 0) {
                        first = now;
                    }
                    last = now;
                    seen = done;
                }
                if (seen >= expect
                        || (now - start) / 1e9 > timeout
                        || (first >= 0 && (now - last) / 1e9 > idle)) {
                    break;
                }
                Thread.sleep(50);
            }
            double span = first < 0 ? 0 : (last - first) / 1e9;
            System.out.printf(
                    "done=%d expected=%d first_s=%.1f span_s=%.2f rate=%.0f complete=%s%n",
                    seen,
                    expect,
                    first < 0 ? -1 : (first - start) / 1e9,
                    span,
                    span > 0 ? seen / span : 0,
                    seen >= expect);
        }
        System.exit(0);
    }
}
