package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real Apache Kafka broker (KRaft, broker and controller in one node) in its own JVM, from Maven artifacts. */
public final class KafkaBroker implements KafkaServer {

    /** JVM options of the broker; replaces the default heap, GC and JIT options below. */
    public static final String JVM_OPTS_PROPERTY = "syncmesh.kafka.jvm.opts";
    public static final String JVM_OPTS_ENV = "SYNCMESH_KAFKA_JVM_OPTS";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    // C1 only and the serial GC: the broker starts faster on 2 cores and leaves CPU to the services under test.
    private static final List<String> DEFAULT_JVM_OPTS = List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final BrokerConfig config;
    private final Duration startTimeout;
    private final String classpath;
    private Process process;
    private ExitActions.Registration exitAction;
    private Duration lastStartDuration = Duration.ZERO;

    private KafkaBroker(BrokerConfig config, Duration startTimeout) {
        this.config = config;
        this.startTimeout = startTimeout;
        this.classpath = BrokerClasspath.forBrokerJvm();
    }

    /**
     * Starts a broker whose files live in {@code workDir} and waits until it serves requests. A work dir holding a
     * formatted log dir is reused with its cluster id, ports and data.
     */
    public static KafkaBroker start(Path workDir) {
        return start(workDir, DEFAULT_START_TIMEOUT);
    }

    public static KafkaBroker start(Path workDir, Duration startTimeout) {
        KafkaBroker broker = new KafkaBroker(BrokerConfig.prepare(workDir), startTimeout);
        try {
            broker.launch();
        } catch (RuntimeException e) {
            broker.kill();
            throw e;
        }
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    @Override
    public String description() {
        return "Kafka broker from Maven artifacts at " + bootstrapServers() + " (" + config.workDir() + ")";
    }

    public int port() {
        return config.port();
    }

    public int controllerPort() {
        return config.controllerPort();
    }

    public Path workDir() {
        return config.workDir();
    }

    /** The broker's log4j2 log (INFO). */
    public Path logFile() {
        return config.logFile();
    }

    /** The process id of the broker JVM while it runs. */
    public synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** How long the last start took, from launching the JVM until describeCluster succeeded. */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** Stops the broker cleanly (SIGTERM, a controlled shutdown), by force if it takes longer than 30 s. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, STOP_GRACE);
            released();
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash would: for fault tests. */
    public synchronized void kill() {
        if (process != null) {
            Processes.kill(process);
            released();
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports and data, and waits until it is ready. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        config.requirePortsFree();
        config.writeFiles();
        if (!config.isFormatted()) {
            format();
        }
        long started = System.nanoTime();
        process = startJvm(List.of("io.syncmesh.devstack.BrokerMain", config.serverProperties().toString()));
        long pid = process.pid();
        Process started0 = process;
        exitAction = ExitActions.register("stop Kafka broker " + pid, () -> Processes.stop(started0, STOP_GRACE));
        config.writePid(pid);
        awaitReady();
        lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Kafka broker ready at {} in {} ms (pid {}, log {})", bootstrapServers(),
                lastStartDuration.toMillis(), pid, config.logFile());
    }

    private void format() {
        Process formatter = startJvm(List.of("kafka.tools.StorageTool", "format", "-t", config.clusterId(), "-c",
                config.serverProperties().toString()));
        boolean done = Processes.waitFor(formatter, startTimeout);
        if (!done) {
            Processes.kill(formatter);
        }
        if (!done || formatter.exitValue() != 0 || !config.isFormatted()) {
            throw new IllegalStateException("formatting the Kafka log dir " + config.dataDir() + " failed"
                    + (done ? " with exit code " + formatter.exitValue() : " (timed out)") + "\n"
                    + LogTail.of(config.outFile(), 30) + "\n" + LogTail.of(config.logFile(), 30));
        }
    }

    private Process startJvm(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.path());
        command.addAll(jvmOpts());
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + config.log4jConfig().toAbsolutePath());
        command.add("-Dkafka.logs.dir=" + config.workDir());
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.workDir().toFile())
                .redirectErrorStream(true).redirectOutput(Redirect.appendTo(config.outFile().toFile()));
        // stdin stays a pipe from this JVM on purpose: BrokerMain exits when it closes (see there).
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static List<String> jvmOpts() {
        return Settings.fromSystem().get(JVM_OPTS_PROPERTY, JVM_OPTS_ENV).map(s -> List.of(s.trim().split("\\s+")))
                .orElse(DEFAULT_JVM_OPTS);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        // Wait for the port first: an Admin client polling a closed port fills the test log with warnings.
        while (!FreePorts.isListening(config.port())) {
            pauseWhileAlive(deadline, null);
        }
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "devstack-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = KafkaAdmins.create(adminConfig)) {
            while (true) {
                Exception last;
                try {
                    String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).clusterId()
                            .get(3, TimeUnit.SECONDS);
                    if (!config.clusterId().equals(clusterId)) {
                        // The port was free when we checked, but someone else's Kafka answers on it now.
                        throw new IllegalStateException("another Kafka (cluster " + clusterId + ") answers on "
                                + bootstrapServers() + ", not the broker of " + config.workDir());
                    }
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                pauseWhileAlive(deadline, last);
            }
        }
    }

    /** Pauses between readiness checks; fails at once if the broker died, and at the deadline. */
    private void pauseWhileAlive(long deadline, Exception last) {
        if (Processes.waitFor(process, POLL)) {
            int code = process.exitValue();
            released();
            throw new IllegalStateException("the Kafka broker exited with code " + code + " during startup\n"
                    + LogTail.of(config.outFile(), 20) + "\n" + LogTail.of(config.logFile(), 40));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the Kafka broker at " + bootstrapServers() + " was not ready within "
                    + startTimeout.toSeconds() + " s" + (last == null ? " (port not listening)" : ": " + last)
                    + "\n" + LogTail.of(config.logFile(), 40), last);
        }
    }

    private void released() {
        if (exitAction != null) {
            exitAction.cancel();
            exitAction = null;
        }
        process = null;
    }
}
