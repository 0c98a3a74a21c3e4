package io.outboxfleet.e2e.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The repository's own files: everything but build output and hidden folders (local data, {@code
 * .git}); tests optionally left out (they may invent names on purpose).
 */
final class SourceTree {

    private final Path root;
    private final Set<String> skipped;

    private SourceTree(Path root, Set<String> skipped) {
        this.root = root;
        this.skipped = skipped;
    }

    /** Main sources, scripts, configuration and docs; no tests. */
    static SourceTree withoutTests(Path root) {
        return new SourceTree(root, Set.of("node_modules", "test"));
    }

    /** Everything, tests included. */
    static SourceTree withTests(Path root) {
        return new SourceTree(root, Set.of("node_modules"));
    }

    Path root() {
        return root;
    }

    /** Files accepted by {@code wanted}, given their path relative to the root. */
    List<Path> files(Predicate<Path> wanted) {
        List<Path> found = new ArrayList<>();
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
                                                    || skipped.contains(name));
                            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(
                                Path file, BasicFileAttributes attributes) {
                            Path relative = root.relativize(file);
                            if (wanted.test(relative)) {
                                found.add(relative);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    String read(Path relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean endsWith(Path file, String... suffixes) {
        String name = file.getFileName().toString();
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
