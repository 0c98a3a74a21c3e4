package io.outboxfleet.e2e.contract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the code defines, read from the source text: each name with the files that define it.
 * Environment variables from configuration, code and scripts; metrics from Micrometer
 * registrations; event types from the SQL functions' {@code write_outbox_event} calls; SQLSTATEs
 * from their {@code raise ... errcode}.
 */
final class CodeFacts {

    static final Pattern ENV_VAR = Pattern.compile("FLEET_[A-Z0-9_]+");
    private static final Pattern METER =
            Pattern.compile(
                    "\\b(Counter|FunctionCounter|Timer|LongTaskTimer|FunctionTimer|Gauge|TimeGauge"
                            + "|DistributionSummary)\\.builder\\(\\s*\"(fleet\\.[a-z0-9_.]+)\""
                            + "|\\b(counter|timer|gauge|summary)\\(\\s*\"(fleet\\.[a-z0-9_.]+)\""
                            + "|@(Timed|Counted)\\(\\s*(?:value\\s*=\\s*)?\"(fleet\\.[a-z0-9_.]+)\"");
    private static final Pattern BASE_UNIT =
            Pattern.compile("\\.baseUnit\\(\\s*(?:\"([a-z]+)\"|BaseUnits\\.([A-Z_]+))\\s*\\)");
    private static final Pattern OUTBOX_CALL =
            Pattern.compile("(?<!function )write_outbox_event\\(");
    private static final Pattern OUTBOX_EVENT =
            Pattern.compile(
                    "(?<!function )write_outbox_event\\(\\s*'([a-z_]+)'\\s*,[^,]+,\\s*'([a-z0-9_.]+)'");
    private static final Pattern SQL_STATE = Pattern.compile("errcode\\s*=\\s*'(OF[0-9A-Z]{3})'");

    private final SourceTree tree;

    CodeFacts(SourceTree tree) {
        this.tree = tree;
    }

    /** FLEET_* names in configuration, Java, SQL and scripts ({@code fleet}, {@code .ci/run}). */
    Map<String, List<Path>> environmentVariables() {
        Map<String, List<Path>> found = new TreeMap<>();
        List<Path> files =
                new ArrayList<>(
                        tree.files(
                                f ->
                                        SourceTree.endsWith(
                                                        f,
                                                        ".java",
                                                        ".yml",
                                                        ".yaml",
                                                        ".properties",
                                                        ".sql",
                                                        ".py",
                                                        ".sh")
                                                || f.toString().equals("fleet")));
        files.add(Path.of(".ci/run"));
        for (Path file : files) {
            if (!tree.root().resolve(file).toFile().isFile()) {
                continue;
            }
            Matcher m = ENV_VAR.matcher(tree.read(file));
            while (m.find()) {
                // FLEET_RELAY_ and the like are prefixes in prose, not variables
                if (!m.group().endsWith("_")) {
                    add(found, m.group(), file);
                }
            }
        }
        return found;
    }

    /** Prometheus names of the fleet_* meters registered in Java, with their Micrometer suffix. */
    Map<String, List<Path>> metrics() {
        Map<String, List<Path>> found = new TreeMap<>();
        for (Path file : tree.files(f -> SourceTree.endsWith(f, ".java"))) {
            String text = tree.read(file);
            Matcher m = METER.matcher(text);
            while (m.find()) {
                String kind = first(m.group(1), m.group(3), m.group(5));
                String name = first(m.group(2), m.group(4), m.group(6));
                String chain = builderChain(text, m.end());
                add(found, prometheusName(kind, name, baseUnit(chain)), file);
            }
        }
        return found;
    }

    /** Event types and their aggregate types, from {@code write_outbox_event('agg', id, 'type'}. */
    Map<String, List<Path>> eventTypes(Map<String, String> aggregateOfType) {
        Map<String, List<Path>> found = new TreeMap<>();
        for (Path file : tree.files(f -> SourceTree.endsWith(f, ".sql"))) {
            // comments may name the writer; only calls count
            String text = tree.read(file).replaceAll("--[^\n]*", "");
            long calls = OUTBOX_CALL.matcher(text).results().count();
            Matcher m = OUTBOX_EVENT.matcher(text);
            long read = 0;
            while (m.find()) {
                read++;
                aggregateOfType.put(m.group(2), m.group(1));
                add(found, m.group(2), file);
            }
            if (read != calls) {
                throw new AssertionError(
                        file
                                + ": "
                                + (calls - read)
                                + " write_outbox_event(...) call(s) whose aggregate type and event"
                                + " type are not string literals; write them as"
                                + " write_outbox_event('order', <id>::text, 'order.created', ...)"
                                + " so the contract test can read them");
            }
        }
        return found;
    }

    /** Quoted strings of the given shape in Java under {@code module/src/main}. */
    Map<String, List<Path>> javaLiterals(String module, Pattern shape) {
        Map<String, List<Path>> found = new TreeMap<>();
        for (Path file : tree.files(f -> f.startsWith(module) && SourceTree.endsWith(f, ".java"))) {
            Matcher m = Pattern.compile("\"(" + shape.pattern() + ")\"").matcher(tree.read(file));
            while (m.find()) {
                add(found, m.group(1), file);
            }
        }
        return found;
    }

    /** SQLSTATEs of class OF raised by the SQL functions. */
    Map<String, List<Path>> sqlStates() {
        Map<String, List<Path>> found = new TreeMap<>();
        for (Path file : tree.files(f -> SourceTree.endsWith(f, ".sql"))) {
            Matcher m = SQL_STATE.matcher(tree.read(file));
            while (m.find()) {
                add(found, m.group(1), file);
            }
        }
        return found;
    }

    /** Micrometer's Prometheus naming: dots to underscores, then the unit and type suffixes. */
    static String prometheusName(String kind, String name, String baseUnit) {
        String base = name.replace('.', '_');
        String unit = baseUnit == null ? "" : "_" + baseUnit;
        return switch (kind) {
            case "Counter", "FunctionCounter", "counter", "Counted" -> base + unit + "_total";
            case "Timer", "LongTaskTimer", "FunctionTimer", "TimeGauge", "timer", "Timed" ->
                    base + "_seconds";
            default -> base + unit;
        };
    }

    /** The text from a meter's name to its register call (or the next builder), for its unit. */
    private static String builderChain(String text, int from) {
        int end = text.length();
        for (String next : new String[] {".register(", "builder("}) {
            int at = text.indexOf(next, from);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return text.substring(from, end);
    }

    private static String baseUnit(String builderChain) {
        Matcher m = BASE_UNIT.matcher(builderChain);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2).toLowerCase();
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        throw new IllegalStateException("no group matched");
    }

    private static void add(Map<String, List<Path>> found, String name, Path file) {
        List<Path> files = found.computeIfAbsent(name, n -> new ArrayList<>());
        if (!files.contains(file)) {
            files.add(file);
        }
    }
}
