package io.syncmesh.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the java executable of the running JVM, so child JVMs run on the same Java version. */
final class JavaCommand {

    private JavaCommand() {
    }

    static String path() {
        return ProcessHandle.current().info().command().filter(c -> Files.isExecutable(Path.of(c)))
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java")
                        .toString());
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }
}
