package io.syncmesh.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's example collection registry ({@code config/collections.yaml}), which the local mesh and tests use. */
public final class ExampleRegistry {

    /** Where it is, relative to the project root. */
    public static final Path RELATIVE = Path.of("config", "collections.yaml");

    private ExampleRegistry() {
    }

    /** The registry file, found from the working directory upwards (tests run in a module's directory). */
    public static Path path() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + " in " + Path.of("").toAbsolutePath() + " or above");
    }
}
