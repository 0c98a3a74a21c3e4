package io.outboxfleet.e2e.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/contract.md and the code name the same environment variables, metrics, event types, topics
 * and SQLSTATEs. A failure lists each difference with the row to add or remove, and where.
 */
class ContractDocTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("fleet_[a-z0-9_]+");
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z]+\\.[a-z0-9_]+");
    private static final Pattern TOPIC = Pattern.compile("fleet\\.[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern SQL_STATE = Pattern.compile("OF[0-9A-Z]{3}");

    private final SourceTree tree = SourceTree.withoutTests(ROOT);
    private final CodeFacts code = new CodeFacts(tree);
    private final ContractDoc contract = ContractDoc.read(ROOT);

    @Test
    void everyEnvironmentVariableIsInTheContractAndTheOtherWayRound() {
        Map<String, List<Path>> inCode = code.environmentVariables();
        Set<String> inDoc = contract.firstColumn(2, "variable", CodeFacts.ENV_VAR);
        List<String> problems = new ArrayList<>();
        inCode.forEach(
                (name, files) -> {
                    if (!inDoc.contains(name)) {
                        problems.add(
                                name
                                        + " is read by "
                                        + files
                                        + " but missing from "
                                        + contract.describe(2)
                                        + ": add `| `"
                                        + name
                                        + "` | <default> | <meaning> |` to the table under ### "
                                        + subsectionFor(files));
                    }
                });
        for (String name : inDoc) {
            if (!inCode.containsKey(name)) {
                problems.add(
                        name
                                + " is listed in "
                                + contract.describe(2)
                                + " but nothing reads it: remove its row or fix its name");
            }
        }
        assertThat(problems).as(report()).isEmpty();
    }

    @Test
    void everyFleetMetricIsInTheContractAndTheOtherWayRound() {
        Map<String, List<Path>> inCode = code.metrics();
        Set<String> inDoc = contract.firstColumn(10, "metric", METRIC);
        List<String> problems = new ArrayList<>();
        inCode.forEach(
                (name, files) -> {
                    if (!inDoc.contains(name)) {
                        problems.add(
                                name
                                        + " is registered in "
                                        + files
                                        + " but missing from "
                                        + contract.describe(10)
                                        + ": add `| `"
                                        + name
                                        + "` | <counter|gauge|histogram> | <tags> | "
                                        + files.get(0)
                                        + " | <meaning> |` to the metrics table");
                    }
                });
        for (String name : inDoc) {
            if (!inCode.containsKey(name)) {
                problems.add(
                        name
                                + " is listed in "
                                + contract.describe(10)
                                + " but no code registers it (Micrometer name "
                                + name.replaceAll("_(total|seconds|bytes)$", "").replace('_', '.')
                                + "): remove its row or fix its name");
            }
        }
        assertThat(problems).as(report()).isEmpty();
    }

    @Test
    void alertsAndDashboardsUseOnlyMetricsOfTheContract() {
        Set<String> inDoc = contract.firstColumn(10, "metric", METRIC);
        List<String> problems = new ArrayList<>();
        for (Path file :
                tree.files(
                        f ->
                                f.startsWith("infra")
                                        && SourceTree.endsWith(f, ".yml", ".yaml", ".json"))) {
            // label values (the slot's name, fleet_outbox_slot) are not series
            String text =
                    tree.read(file).replaceAll("(?i)slot(\"?\\s*[:=]?\\s*\"?)fleet_\\w+", "slot$1");
            Matcher m = METRIC.matcher(text);
            while (m.find()) {
                String series = m.group();
                String metric = series.replaceFirst("_(bucket|count|sum|max)$", "");
                if (!inDoc.contains(series) && !inDoc.contains(metric)) {
                    problems.add(
                            file
                                    + " uses "
                                    + series
                                    + ", which "
                                    + contract.describe(10)
                                    + " does not list");
                }
            }
        }
        assertThat(problems).as(report()).isEmpty();
    }

    @Test
    void everyAlertHasARunbook() {
        List<Path> alertFiles =
                List.of(
                        Path.of("infra/prometheus/alerts.yml"),
                        Path.of("infra/prometheus/relay-alerts.yml"));
        Path production = Path.of("docs/production.md");
        Set<String> runbooks = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^### (\\w+)\\s*$").matcher(tree.read(production));
        while (heading.find()) {
            runbooks.add(heading.group(1));
        }
        List<String> problems = new ArrayList<>();
        for (Path alerts : alertFiles) {
            int defined = 0;
            Matcher alert = Pattern.compile("(?m)^\\s*- alert: (\\w+)").matcher(tree.read(alerts));
            while (alert.find()) {
                defined++;
                if (!runbooks.contains(alert.group(1))) {
                    problems.add(
                            alerts
                                    + " defines "
                                    + alert.group(1)
                                    + " but "
                                    + production
                                    + " has no runbook for it: add a '### "
                                    + alert.group(1)
                                    + "' section under '## Runbooks' (what it means, what to"
                                    + " check, what to do)");
                }
            }
            if (defined == 0) {
                problems.add(alerts + " defines no '- alert:' rule: fix its path or this pattern");
            }
        }
        assertThat(problems).as("alerts without a runbook").isEmpty();
    }

    @Test
    void everyEventTypeAndItsTopicIsInTheContractAndTheOtherWayRound() {
        Map<String, String> aggregateOfType = new HashMap<>();
        Map<String, List<Path>> emitted = code.eventTypes(aggregateOfType);
        assertThat(emitted).as("event types emitted by write_outbox_event calls").isNotEmpty();
        Set<String> inDoc = contract.firstColumn(5, "ce_type", EVENT_TYPE);
        Set<String> topics = contract.firstColumn(5, "topic", TOPIC);
        List<String> problems = new ArrayList<>();
        emitted.forEach(
                (type, files) -> {
                    if (!inDoc.contains(type)) {
                        problems.add(
                                type
                                        + " is emitted by "
                                        + files
                                        + " but missing from "
                                        + contract.describe(5)
                                        + ": add `| `"
                                        + type
                                        + "` | "
                                        + aggregateOfType.get(type)
                                        + " | <SQL function> | <when> | <payload fields> |` to"
                                        + " the table under ### Event types");
                    }
                });
        for (String type : inDoc) {
            if (!emitted.containsKey(type)) {
                problems.add(
                        type
                                + " is listed in "
                                + contract.describe(5)
                                + " but no SQL function emits it (write_outbox_event): remove"
                                + " its row or fix its name");
            }
        }
        for (String aggregate : new TreeSet<>(aggregateOfType.values())) {
            String topic = "fleet." + aggregate + ".events";
            if (!topics.contains(topic)) {
                problems.add(
                        "aggregate type '"
                                + aggregate
                                + "' is published to "
                                + topic
                                + ", missing from the table under ### Topics of "
                                + contract.describe(5));
            }
        }
        Set<String> aggregates = new TreeSet<>(aggregateOfType.values());
        code.javaLiterals("side-effect-workers", EVENT_TYPE)
                .forEach(
                        (literal, files) -> {
                            String prefix = literal.substring(0, literal.indexOf('.'));
                            if (aggregates.contains(prefix) && !inDoc.contains(literal)) {
                                problems.add(
                                        files
                                                + " handle event type "
                                                + literal
                                                + ", which no SQL function emits and "
                                                + contract.describe(5)
                                                + " does not list");
                            }
                        });
        assertThat(problems).as(report()).isEmpty();
    }

    @Test
    void everySqlStateIsInTheContractAndTheOtherWayRound() {
        Map<String, List<Path>> raised = code.sqlStates();
        Set<String> inDoc = contract.firstColumn(12, "SQLSTATE", SQL_STATE);
        List<String> problems = new ArrayList<>();
        raised.forEach(
                (state, files) -> {
                    if (!inDoc.contains(state)) {
                        problems.add(
                                state
                                        + " is raised in "
                                        + files
                                        + " but missing from "
                                        + contract.describe(12)
                                        + ": add `| `"
                                        + state
                                        + "` | <condition> | <function> | <HTTP answer> |`");
                    }
                });
        for (String state : inDoc) {
            if (!raised.containsKey(state)) {
                problems.add(
                        state
                                + " is listed in "
                                + contract.describe(12)
                                + " but no SQL function raises it: remove its row");
            }
        }
        assertThat(problems).as(report()).isEmpty();
    }

    @Test
    void commentsCiteTheContractOfTheRepository() {
        // the contract used to live outside the repository; citations must point to
        // docs/contract.md
        Pattern outsideFile = Pattern.compile("CONTRACT\\.md");
        Pattern bareSection = Pattern.compile("(?i)(?<![/.\\w])contract section \\d");
        SourceTree everything = SourceTree.withTests(ROOT);
        List<String> problems = new ArrayList<>();
        for (Path file :
                everything.files(
                        f ->
                                SourceTree.endsWith(f, ".java", ".yml", ".yaml", ".sql", ".md")
                                        || f.toString().equals("fleet"))) {
            String[] lines = everything.read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (outsideFile.matcher(lines[i]).find() || bareSection.matcher(lines[i]).find()) {
                    problems.add(
                            file + ":" + (i + 1) + ": cite docs/contract.md section N instead");
                }
            }
        }
        assertThat(problems).as(report()).isEmpty();
    }

    /** Which ### table of section 2 a variable belongs to, from the modules that read it. */
    private static String subsectionFor(List<Path> files) {
        Set<String> services = new TreeSet<>();
        for (Path file : files) {
            String module = file.getName(0).toString();
            if (Set.of("command-service", "outbox-relay", "side-effect-workers").contains(module)) {
                services.add(module);
            }
        }
        if (services.size() > 1) {
            return "Shared";
        }
        return services.isEmpty()
                ? "Local tooling (./fleet, dev sinks, tests)"
                : services.iterator().next();
    }

    private static String report() {
        return ContractDoc.PATH
                + " and the code disagree (docs/contract.md is the source of truth"
                + " for names outside the project)";
    }
}
