package io.syncmesh.sync.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import io.syncmesh.devstack.PostgresDatabase;

/** The packaged sync-service (target/quarkus-app) as a separate process, for tests that kill and restart it. */
final class ServiceProcess implements AutoCloseable {

    private final Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private final String bootstrap;
    private final PostgresDatabase database;
    private final Path log;
    private final int port;
    private Process process;

    ServiceProcess(String bootstrap, PostgresDatabase database, Path log) {
        this.bootstrap = bootstrap;
        this.database = database;
        this.log = log;
        this.port = freePort();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the sync-service first: " + jar + " is missing");
        }
    }

    /** Starts the service and waits until it reports ready. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx512m"));
        // Extra JVM options for a run, e.g. a flight recording while benchmarking.
        String extra = System.getProperty("syncmesh.service.jvm.args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Extra configuration for a run, as NAME=value pairs separated by commas (benchmark variations).
        for (String pair : System.getProperty("syncmesh.service.env", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("sync-service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return ready.statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook, no graceful commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
