package io.syncmesh.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

/** The identity of one local broker (cluster id, ports, work dir) and the files it is started with. */
record BrokerConfig(Path workDir, String clusterId, int port, int controllerPort) {

    private static final String STATE_FILE = "devstack-broker.properties";

    /** Reuses the cluster id and ports of a work dir whose log dir is formatted; else picks fresh ones. */
    static BrokerConfig prepare(Path workDir) {
        Path dir = WorkDirs.create(workDir);
        Optional<BrokerConfig> saved = load(dir);
        if (saved.isPresent() && saved.get().isFormatted()) {
            return saved.get();
        }
        int[] ports = FreePorts.pick(2);
        BrokerConfig fresh = new BrokerConfig(dir, Uuid.randomUuid().toString(), ports[0], ports[1]);
        fresh.save();
        return fresh;
    }

    String bootstrapServers() {
        return FreePorts.HOST + ":" + port;
    }

    Path dataDir() {
        return workDir.resolve("data");
    }

    Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    Path log4jConfig() {
        return workDir.resolve("log4j2.properties");
    }

    Path logFile() {
        return workDir.resolve("kafka.log");
    }

    Path outFile() {
        return workDir.resolve("kafka.out");
    }

    Path pidFile() {
        return workDir.resolve("kafka.pid");
    }

    /** StorageTool writes meta.properties last: its presence means the log dir is formatted. */
    boolean isFormatted() {
        return Files.isRegularFile(dataDir().resolve("meta.properties"));
    }

    void requirePortsFree() {
        for (int p : new int[]{port, controllerPort}) {
            if (!FreePorts.isFree(p)) {
                throw new IllegalStateException("port " + p + " on " + FreePorts.HOST
                        + ", saved for the Kafka broker in "
                        + workDir + ", is taken: stop whatever holds it (another devstack on the same dir?) or delete "
                        + workDir + " to start over with fresh ports and no data");
            }
        }
    }

    void writeFiles() {
        write(serverProperties(), serverPropertiesText());
        write(log4jConfig(), log4jText());
    }

    String serverPropertiesText() {
        String host = FreePorts.HOST;
        return String.join("\n",
                "# Written by io.syncmesh.devstack.KafkaBroker; rewritten at every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + slashes(dataDir()),
                // One node: every internal topic has one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                // Fewer internal partitions than the default 50: the first consumer group joins faster on 2 cores.
                "offsets.topic.num.partitions=6",
                "transaction.state.log.num.partitions=6",
                // Tests must not wait 3 s for a rebalance, and topics exist only when provisioned explicitly.
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "num.partitions=6",
                // Sized for a 2-core machine that also runs the services and PostgreSQL.
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.replica.fetchers=1",
                "num.recovery.threads.per.data.dir=1",
                "log.cleaner.threads=1",
                "log.cleaner.dedupe.buffer.size=16777216",
                "group.coordinator.threads=1",
                "share.coordinator.threads=1",
                "log.segment.bytes=67108864",
                // After a kill the restarted node still carries the dead broker's registration and waits for its
                // session to expire before it can register again: 3 s instead of the default 9 s.
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=3000",
                "") + "\n";
    }

    String log4jText() {
        // Everything to a file at INFO, nothing to the console: a test's output stays readable.
        return String.join("\n",
                "status = warn",
                "name = syncmesh-devstack-kafka",
                "appender.file.type = File",
                "appender.file.name = FILE",
                "appender.file.fileName = " + slashes(logFile()),
                "appender.file.append = true",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "") + "\n";
    }

    void writePid(long pid) {
        write(pidFile(), pid + "\n");
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty("cluster.id", clusterId);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("controller.port", Integer.toString(controllerPort));
        try (Writer w = Files.newBufferedWriter(workDir.resolve(STATE_FILE), StandardCharsets.UTF_8)) {
            p.store(w, "Kafka broker of the devstack: reused while " + dataDir() + " is formatted");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workDir.resolve(STATE_FILE), e);
        }
    }

    private static Optional<BrokerConfig> load(Path dir) {
        Path state = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new BrokerConfig(dir, p.getProperty("cluster.id"),
                    Integer.parseInt(p.getProperty("port")), Integer.parseInt(p.getProperty("controller.port"))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + state + " (delete " + dir + " to start over): " + e, e);
        }
    }

    private static String slashes(Path path) {
        // Properties files treat a backslash as an escape; forward slashes work on every OS.
        return path.toAbsolutePath().toString().replace('\\', '/');
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
