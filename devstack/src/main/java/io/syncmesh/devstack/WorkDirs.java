package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and deletes the devstack's working directories. */
final class WorkDirs {

    private WorkDirs() {
    }

    static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir", e);
        }
    }

    static Path create(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Best effort: a file that cannot be deleted must not turn a clean shutdown into a failure. */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left behind in the temp dir; the OS cleans it eventually
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // same as above
        }
    }
}
