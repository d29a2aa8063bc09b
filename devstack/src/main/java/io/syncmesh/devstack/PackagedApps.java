package io.syncmesh.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a module's packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) in this repository. */
final class PackagedApps {

    private PackagedApps() {
    }

    /** Walks up from {@code from} to the repository root (the directory with {@code mvnw}): tests run in a module. */
    static Path find(String module, Path from) {
        Path root = RepositoryRoot.from(from);
        Path jar = root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (./mvnw -pl " + module
                    + " -am package -DskipTests)");
        }
        return jar;
    }

    /** The module directory of {@code <module>/target/quarkus-app/quarkus-run.jar}, else the jar's file name. */
    static String moduleName(Path jar) {
        Path quarkusApp = jar.toAbsolutePath().getParent();
        Path target = quarkusApp == null ? null : quarkusApp.getParent();
        Path module = target == null ? null : target.getParent();
        return module != null && module.getFileName() != null
                ? module.getFileName().toString()
                : jar.getFileName().toString();
    }
}
