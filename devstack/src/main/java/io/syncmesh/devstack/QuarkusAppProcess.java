package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) running as its own JVM process. */
public final class QuarkusAppProcess implements AutoCloseable {

    /** Whitespace-separated JVM options added to every start, e.g. a flight recording while benchmarking. */
    public static final String JVM_ARGS_PROPERTY = "syncmesh.service.jvm.args";
    /** {@code NAME=value,NAME=value} environment entries added to every start, e.g. benchmark variations. */
    public static final String ENV_PROPERTY = "syncmesh.service.env";

    private static final Logger LOG = LoggerFactory.getLogger(QuarkusAppProcess.class);
    private static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx512m");
    private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_LINES_ON_FAILURE = 30;

    private final Path jar;
    /** The module directory's name, for messages. */
    private final String name;
    private final Map<String, String> env;
    private final Path logFile;
    private final List<String> jvmArgs;
    private final int port;
    /** The management interface's port, or 0 when health and metrics are on {@link #port}. */
    private final int managementPort;
    private final Duration readyTimeout;
    private final Duration stopTimeout;
    private Process process;
    private long lastPid = -1;
    private OrphanGuard guard;
    private ExitActions.Registration exitAction;

    private QuarkusAppProcess(Builder b) {
        this.jar = b.jar.toAbsolutePath();
        this.name = PackagedApps.moduleName(jar);
        this.env = Map.copyOf(b.env);
        this.logFile = Objects.requireNonNull(b.logFile, "logFile is required").toAbsolutePath();
        this.jvmArgs = List.copyOf(b.jvmArgs);
        // Chosen once: a restarted app keeps its port, so URLs handed out before stay valid.
        this.port = b.port > 0 ? b.port : FreePorts.pick();
        this.managementPort = b.managementInterface ? FreePorts.pick() : 0;
        this.readyTimeout = b.readyTimeout;
        this.stopTimeout = b.stopTimeout;
    }

    /** A builder for the application packaged as {@code jar} (its {@code quarkus-run.jar}). */
    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    /**
     * {@code <repo root>/<module>/target/quarkus-app/quarkus-run.jar}, the repo root being the first directory at or
     * above {@code user.dir} that holds {@code mvnw}.
     */
    public static Path packagedApp(String module) {
        return PackagedApps.find(module, Path.of(System.getProperty("user.dir")));
    }

    /** The environment a syncmesh service reads its database login from, for {@code database}. */
    public static Map<String, String> datasourceEnv(PostgresDatabase database) {
        return Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password());
    }

    /**
     * Launches the application and returns once {@code GET /q/health/ready} (on {@link #managementUrl()}) answers 200.
     * Fails at once, with the exit code and the end of the log, if the process exits first; kills it if it is not ready
     * in time.
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " already runs (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + name + " first");
        }
        List<String> command = command();
        process = launch(command);
        lastPid = process.pid();
        Process started = process;
        // SIGTERM, not SIGKILL: Quarkus then leaves its Kafka consumer group at once, so a restarted mesh does not
        // wait a session timeout for the partitions of an orphan.
        OrphanGuard startedGuard = OrphanGuard.watch(lastPid, "TERM");
        guard = startedGuard;
        exitAction = ExitActions.register("stop " + name + " pid " + lastPid, () -> {
            startedGuard.disarm();
            Processes.stop(started, stopTimeout);
        });
        long begin = System.nanoTime();
        try {
            new ReadinessProbe(managementUrl() + "/q/health/ready").await(started, readyTimeout);
        } catch (ReadinessProbe.ExitedException e) {
            // Before the pid can be reused by another process.
            guard.disarm();
            released();
            throw new IllegalStateException(name + " exited with code " + e.exitCode() + " during startup\n"
                    + LogTail.of(logFile, LOG_LINES_ON_FAILURE));
        } catch (ReadinessProbe.NotReadyException e) {
            kill();
            throw new IllegalStateException(name + " on port " + port + " was not ready within "
                    + readyTimeout.toSeconds() + " s (" + e.getMessage() + "); killed it\n"
                    + LogTail.of(logFile, LOG_LINES_ON_FAILURE));
        }
        LOG.info("{} ready at {} in {} ms (pid {}, log {})", name, baseUrl(),
                Duration.ofNanos(System.nanoTime() - begin).toMillis(), lastPid, logFile);
    }

    public int port() {
        return port;
    }

    /** The module's name, e.g. {@code sync-service}. */
    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + FreePorts.HOST + ":" + port;
    }

    /**
     * Where {@code /q/health} and {@code /q/metrics} are: the management interface's own port for an app built with
     * {@code quarkus.management.enabled} (see {@link Builder#managementInterface()}), else {@link #baseUrl()}.
     */
    public String managementUrl() {
        return managementPort > 0 ? "http://" + FreePorts.HOST + ":" + managementPort : baseUrl();
    }

    /** The pid of the process started last, also after it ended (to check that it is gone). */
    public synchronized long pid() {
        if (lastPid < 0) {
            throw new IllegalStateException(name + " was never started");
        }
        return lastPid;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGKILL, as a crash would: no shutdown hooks, no graceful commit. Returns once the process is gone. */
    public synchronized void kill() {
        if (process != null) {
            guard.disarm();
            Processes.kill(process);
            released();
        }
    }

    /** SIGTERM (Quarkus' graceful shutdown); SIGKILL if the process has not ended within the stop timeout. */
    public synchronized void stop() {
        if (process != null) {
            guard.disarm();
            Processes.stop(process, stopTimeout);
            released();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.path());
        command.addAll(jvmArgs);
        String extra = System.getProperty(JVM_ARGS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private Process launch(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        Map<String, String> childEnv = builder.environment();
        childEnv.putAll(env);
        // After the builder's entries: the property exists to vary one run without changing code.
        childEnv.putAll(pairs(System.getProperty(ENV_PROPERTY, "")));
        // Last: port() and the readiness probe must be right whatever the other entries say.
        childEnv.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (managementPort > 0) {
            childEnv.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        }
        try {
            Files.createDirectories(logFile.getParent());
            // The log is appended to across restarts; the marker tells which start a line belongs to.
            Files.writeString(logFile, "=== " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pairs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return pairs;
    }

    private void released() {
        if (exitAction != null) {
            exitAction.cancel();
            exitAction = null;
        }
        process = null;
        guard = null;
    }

    /** Settings of a {@link QuarkusAppProcess}; only the jar and the log file are required. */
    public static final class Builder {

        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path logFile;
        private List<String> jvmArgs = DEFAULT_JVM_ARGS;
        private int port;
        private boolean managementInterface;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

        private Builder(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        /** Adds environment entries for the process (it inherits this JVM's environment too). */
        public Builder env(Map<String, String> entries) {
            env.putAll(entries);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Where stdout and stderr go, appended across starts. Required. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /**
         * JVM options instead of the default {@code -Xmx512m}; {@link QuarkusAppProcess#JVM_ARGS_PROPERTY} still adds
         * to them.
         */
        public Builder jvmArgs(String... args) {
            this.jvmArgs = List.of(args);
            return this;
        }

        /** A fixed HTTP port instead of a free random one. */
        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The app serves health and metrics on Quarkus' management interface (the gateway does): it gets a free port of
         * its own, {@link QuarkusAppProcess#managementUrl()}, which the readiness probe asks.
         */
        public Builder managementInterface() {
            this.managementInterface = true;
            return this;
        }

        /** How long {@link QuarkusAppProcess#start()} waits for readiness; 90 s by default. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** How long {@link QuarkusAppProcess#stop()} waits after SIGTERM before it kills; 20 s by default. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        public QuarkusAppProcess build() {
            return new QuarkusAppProcess(this);
        }
    }
}
