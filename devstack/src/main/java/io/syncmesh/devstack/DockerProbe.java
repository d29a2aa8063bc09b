package io.syncmesh.devstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.testcontainers.DockerClientFactory;

/** Tells whether a Docker engine is reachable for Testcontainers, without errors or stack traces when none is. */
final class DockerProbe {

    /** Set to false to skip Testcontainers even where Docker runs (embedded servers start faster). */
    static final String DOCKER_PROPERTY = "syncmesh.docker";
    static final String DOCKER_ENV = "SYNCMESH_DOCKER";

    private static volatile Boolean available;

    private DockerProbe() {
    }

    static boolean available() {
        Boolean result = available;
        if (result == null) {
            synchronized (DockerProbe.class) {
                result = available;
                if (result == null) {
                    result = probe(Settings.fromSystem());
                    available = result;
                }
            }
        }
        return result;
    }

    private static boolean probe(Settings settings) {
        if (settings.isFalse(DOCKER_PROPERTY, DOCKER_ENV)) {
            return false;
        }
        // Testcontainers logs an ERROR when it finds no engine; look for a hint of one first so that a machine
        // without Docker (this project's CI) stays quiet.
        if (!hasDockerHint()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean hasDockerHint() {
        for (String env : List.of("DOCKER_HOST", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE",
                "TESTCONTAINERS_HOST_OVERRIDE")) {
            String value = System.getenv(env);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        String home = System.getProperty("user.home", "");
        if (testcontainersNamesAnEngine(Path.of(home, ".testcontainers.properties"))) {
            return true;
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
                Path.of("/run/podman/podman.sock"), Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"), Path.of(home, ".rd", "docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
            candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            // Docker Desktop on Windows listens on a named pipe, not a file we can test cheaply.
            return true;
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    /** Testcontainers writes this file itself (even without Docker): only the keys naming an engine count. */
    private static boolean testcontainersNamesAnEngine(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            return false;
        }
        return p.containsKey("docker.host") || p.containsKey("docker.client.strategy") || p.containsKey("tc.host");
    }
}
