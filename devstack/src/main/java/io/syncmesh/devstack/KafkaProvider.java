package io.syncmesh.devstack;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses Kafka as DESIGN.md section 9 says: configured, else a container when Docker runs, else a local broker. */
public final class KafkaProvider {

    /** A bootstrap servers list of an existing Kafka; the property wins over the environment variable. */
    public static final String BOOTSTRAP_PROPERTY = "syncmesh.kafka.bootstrap";
    public static final String BOOTSTRAP_ENV = "SYNCMESH_KAFKA_BOOTSTRAP";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProvider.class);

    private KafkaProvider() {
    }

    /** Any of the three; a local broker keeps its files in a temp dir deleted at JVM exit. Topics are provisioned. */
    public static KafkaServer obtain() {
        Path dir = WorkDirs.temp("syncmesh-kafka-");
        // Registered before the broker starts, so it runs after the broker stopped (last registered runs first).
        ExitActions.register("delete " + dir, () -> WorkDirs.deleteQuietly(dir));
        return obtain(dir);
    }

    /** Any of the three; a local broker keeps its files in {@code workDir}. Topics are provisioned. */
    public static KafkaServer obtain(Path workDir) {
        return obtain(Settings.fromSystem(), DockerProbe::available, workDir);
    }

    /** Configured or else a local broker with its data in {@code workDir}, never a container (which loses data). */
    public static KafkaServer obtainLocal(Path workDir) {
        return obtain(Settings.fromSystem(), () -> false, workDir);
    }

    static KafkaServer obtain(Settings settings, BooleanSupplier dockerAvailable, Path workDir) {
        KafkaServer server = choose(settings, dockerAvailable, workDir);
        LOG.info("devstack Kafka: {}", server.description());
        try {
            TopicProvisioner.configured().provision(server.bootstrapServers());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static KafkaServer choose(Settings settings, BooleanSupplier dockerAvailable, Path workDir) {
        var configured = settings.get(BOOTSTRAP_PROPERTY, BOOTSTRAP_ENV);
        if (configured.isPresent()) {
            return new ConfiguredKafka(configured.get());
        }
        if (dockerAvailable.getAsBoolean()) {
            return ContainerKafka.start();
        }
        return KafkaBroker.start(workDir);
    }
}
