package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code ./mesh up} on this checkout comes up healthy, prints a token and URLs, accepts a
 * push and serves a pull; {@code ./mesh down} stops every process it started.
 */
class MeshCommandIT {

    private static final Pattern TOKEN = Pattern.compile("export TOKEN=(\\S+)");

    @Test
    void meshUpAcceptsAPushAndServesAPullAndMeshDownLeavesNoProcessBehind() throws Exception {
        Path repo = repositoryRoot();
        Path meshDir = Files.createTempDirectory("mesh-it");
        int gatewayPort = freePort();
        int syncPort = freePort();
        int conflictPort = freePort();
        int metricsPort = freePort();
        int managementPort = freePort();
        List<String> env = List.of("MESH_DIR=" + meshDir, "GATEWAY_PORT=" + gatewayPort,
                "SYNC_SERVICE_PORT=" + syncPort, "CONFLICT_SERVICE_PORT=" + conflictPort,
                "METRICS_SERVICE_PORT=" + metricsPort, "GATEWAY_MANAGEMENT_PORT=" + managementPort);
        List<Long> pids = new ArrayList<>();
        try {
            String up = run(repo, env, meshDir.resolve("up.out"), "up");
            assertThat(up).contains("The mesh is up.", "http://127.0.0.1:" + gatewayPort);
            for (String name : List.of("devstack", "sync-service", "conflict-service", "metrics-service", "gateway")) {
                pids.add(Long.parseLong(Files.readString(meshDir.resolve(name + ".pid")).trim()));
            }
            Matcher token = TOKEN.matcher(up);
            assertThat(token.find()).as("a dev token is printed").isTrue();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> push = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatewayPort + "/v1/sync/push"))
                    .header("Authorization", "Bearer " + token.group(1))
                    .header("Content-Type", "application/json").header("Prefer", "wait=20")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"changes":[{"changeId":"mesh-it-1","collection":"notes","entityId":"n-1","op":"create",
                              "fields":{"title":"Milk"},"deviceSeq":1}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(200);
            assertThat(push.body()).contains("\"status\":\"applied\"");

            HttpResponse<String> pull = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatewayPort + "/v1/sync/pull?collections=notes"))
                    .header("Authorization", "Bearer " + token.group(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pull.statusCode()).isEqualTo(200);
            assertThat(pull.body()).contains("\"id\":\"n-1\"", "\"title\":\"Milk\"");

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("the gateway's health on its management port").isEqualTo(200);

            // Every port but the public API listens on loopback only: read from the kernel's socket table, which needs
            // no traffic to another address.
            Map<Integer, Set<String>> listening = ListeningSockets.byPort();
            for (int port : List.of(syncPort, conflictPort, metricsPort, managementPort)) {
                assertThat(listening.get(port)).as("addresses listening on port %d", port).isNotEmpty()
                        .allMatch(ListeningSockets::isLoopback);
            }
        } finally {
            String down = run(repo, env, meshDir.resolve("down.out"), "down");
            assertThat(down).contains("stopped");
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d is gone after ./mesh down", pid).isFalse();
        }
    }

    private static String run(Path repo, List<String> env, Path output, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "mesh", command).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        for (String entry : env) {
            String[] pair = entry.split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        }
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./mesh " + command + " did not finish: " + Files.readString(output));
        }
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("./mesh %s exit code; output:%n%s", command, text).isZero();
        return text;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mesh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ./mesh above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
