package io.syncmesh.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's example collection registry ({@code config/collections.yaml}), which the local mesh and tests use. */
public final class ExampleRegistry {

    /** Where it is, relative to the project root. */
    public static final Path RELATIVE = Path.of("config", "collections.yaml");

    private ExampleRegistry() {
    }

    /** The registry file in this repository (tests run in a module's directory). */
    public static Path path() {
        Path registry = RepositoryRoot.find().resolve(RELATIVE);
        if (!Files.isRegularFile(registry)) {
            throw new IllegalStateException(registry + " is missing");
        }
        return registry;
    }
}
