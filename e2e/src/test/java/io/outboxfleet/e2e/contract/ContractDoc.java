package io.outboxfleet.e2e.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/contract.md read as data: its numbered sections ({@code ## 5. Events on Kafka}) and, in
 * each, the markdown tables named by the first cell of their header row ({@code | ce_type | ...}).
 */
final class ContractDoc {

    static final String PATH = "docs/contract.md";
    private static final Pattern SECTION = Pattern.compile("^## (\\d+)\\. (.*)$");

    private final Map<Integer, List<String>> sections = new LinkedHashMap<>();
    private final Map<Integer, String> titles = new LinkedHashMap<>();

    private ContractDoc(List<String> lines) {
        Integer current = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (heading.matches()) {
                current = Integer.valueOf(heading.group(1));
                titles.put(current, heading.group(2).trim());
                sections.put(current, new ArrayList<>());
            } else if (current != null) {
                sections.get(current).add(line);
            }
        }
    }

    static ContractDoc read(Path root) {
        try {
            return new ContractDoc(Files.readAllLines(root.resolve(PATH)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "section 5 (Events on Kafka)", for messages. */
    String describe(int section) {
        return PATH + " section " + section + " (" + titles.getOrDefault(section, "missing") + ")";
    }

    /**
     * The tokens matching {@code token} in the first column of every table of the section whose
     * header's first cell is {@code header}.
     */
    Set<String> firstColumn(int section, String header, Pattern token) {
        Set<String> found = new TreeSet<>();
        for (List<String> table : tables(section)) {
            if (!cells(table.get(0)).get(0).equalsIgnoreCase(header)) {
                continue;
            }
            for (String row : table.subList(Math.min(2, table.size()), table.size())) {
                Matcher m = token.matcher(cells(row).get(0));
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    private List<List<String>> tables(int section) {
        List<List<String>> tables = new ArrayList<>();
        List<String> table = null;
        for (String line : sections.getOrDefault(section, List.of())) {
            if (line.startsWith("|")) {
                if (table == null) {
                    table = new ArrayList<>();
                    tables.add(table);
                }
                table.add(line);
            } else {
                table = null;
            }
        }
        return tables;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.replaceFirst("^\\|", "").split("\\|")) {
            cells.add(cell.replace("`", "").trim());
        }
        return cells;
    }
}
