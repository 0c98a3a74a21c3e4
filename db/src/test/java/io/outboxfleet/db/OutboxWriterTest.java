package io.outboxfleet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SQL side of the single-outbox-writer rule (command-service's ArchitectureTest checks the Java
 * side): only {@code R__outbox_writer.sql} inserts into {@code outbox_events}; every command
 * function emits its events through {@code write_outbox_event(...)}.
 */
class OutboxWriterTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String WRITER = "R__outbox_writer.sql";
    private static final Pattern INSERT_INTO_OUTBOX =
            Pattern.compile(
                    "insert\\s+into\\s+(\\w+\\.)?outbox_events\\b", Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheOutboxWriterInsertsOutboxRows() {
        List<String> offenders =
                sqlFilesOfTheRepository()
                        .filter(f -> !f.getFileName().toString().equals(WRITER))
                        .filter(f -> INSERT_INTO_OUTBOX.matcher(read(f)).find())
                        .map(Path::toString)
                        .toList();

        assertThat(offenders)
                .as(
                        "SQL files inserting into outbox_events directly; call"
                                + " write_outbox_event(aggregate_type, aggregate_id, event_type,"
                                + " payload, headers) from %s instead",
                        MIGRATIONS.resolve(WRITER))
                .isEmpty();
    }

    @Test
    void theWriterInsertsAndEveryCommandFunctionCallsIt() {
        assertThat(INSERT_INTO_OUTBOX.matcher(read(MIGRATIONS.resolve(WRITER))).results().count())
                .as("inserts into outbox_events in %s", WRITER)
                .isEqualTo(1);
        for (String functions :
                List.of(
                        "R__order_functions.sql",
                        "R__payment_functions.sql",
                        "R__product_functions.sql",
                        "R__document_functions.sql")) {
            assertThat(read(MIGRATIONS.resolve(functions)))
                    .as("%s emits its events through the writer", functions)
                    .contains("write_outbox_event(");
        }
    }

    /** Every .sql file of the repository, skipping build output and hidden (local data) folders. */
    private static Stream<Path> sqlFilesOfTheRepository() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attributes) {
                            String name = dir.getFileName().toString();
                            boolean skip =
                                    !dir.equals(root)
                                            && (name.startsWith("target")
                                                    || name.startsWith(".")
                                                    || name.equals("node_modules"));
                            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(
                                Path file, BasicFileAttributes attributes) {
                            if (file.toString().endsWith(".sql")) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("SQL files under %s", root).isNotEmpty();
        return files.stream();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
