package io.syncmesh.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory (the one with {@code mvnw}), found from a working directory upwards. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** From the working directory: tests run in a module's directory. */
    public static Path find() {
        return from(Path.of(""));
    }

    /** From {@code start} upwards. */
    public static Path from(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with mvnw at or above " + start.toAbsolutePath());
    }
}
