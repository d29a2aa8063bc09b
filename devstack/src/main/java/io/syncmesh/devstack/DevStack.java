package io.syncmesh.devstack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Kafka (topics provisioned) and one PostgreSQL for tests and local runs; {@link #shared()} is the per-JVM one. */
public final class DevStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static DevStack shared;
    private static RuntimeException sharedFailure;

    private final KafkaServer kafka;
    private final PostgresServer postgres;
    private final Path workDir;

    private DevStack(KafkaServer kafka, PostgresServer postgres, Path workDir) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.workDir = workDir;
    }

    /**
     * The stack all tests of this JVM reuse, started on first use (configured, containers or local processes, in the
     * order of DESIGN.md section 9) and stopped, its temp work dir deleted, when the JVM exits.
     */
    public static synchronized DevStack shared() {
        if (sharedFailure != null) {
            // Fail every later test fast with the first cause instead of paying the start timeout again.
            throw new IllegalStateException(
                    "the shared devstack failed to start earlier: " + sharedFailure.getMessage(),
                    sharedFailure);
        }
        if (shared == null) {
            Path dir = WorkDirs.temp("syncmesh-devstack-");
            ExitActions.register("delete " + dir, () -> WorkDirs.deleteQuietly(dir));
            try {
                shared = start(dir, d -> KafkaProvider.obtain(d.resolve("kafka")), PostgresProvider::obtain);
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            DevStack stack = shared;
            ExitActions.register("stop the shared devstack", stack::close);
        }
        return shared;
    }

    /**
     * A stack for the local mesh: configured servers where configured, else a local broker and an embedded PostgreSQL
     * whose data live under {@code dir} and survive a restart. The caller closes it.
     */
    public static DevStack startLocal(Path dir) {
        Path abs = WorkDirs.create(dir);
        return start(abs, d -> KafkaProvider.obtainLocal(d.resolve("kafka")),
                () -> PostgresProvider.obtainLocal(abs.resolve("postgres")));
    }

    /**
     * Starts both in parallel: each mostly waits for its own process, so the stack is ready in the time of the slower.
     */
    private static DevStack start(Path dir, Function<Path, KafkaServer> kafkaStarter,
            Supplier<PostgresServer> postgresStarter) {
        long started = System.nanoTime();
        CompletableFuture<PostgresServer> postgres = new CompletableFuture<>();
        Thread postgresThread = new Thread(() -> {
            try {
                postgres.complete(postgresStarter.get());
            } catch (Throwable e) {
                postgres.completeExceptionally(e);
            }
        }, "devstack-postgres-start");
        postgresThread.setDaemon(true);
        postgresThread.start();
        KafkaServer kafka;
        try {
            kafka = kafkaStarter.apply(dir);
        } catch (RuntimeException e) {
            postgres.thenAccept(PostgresServer::close);
            throw e;
        }
        try {
            DevStack stack = new DevStack(kafka, postgres.join(), dir);
            LOG.info("devstack started in {} ms: Kafka {}, PostgreSQL {}", (System.nanoTime() - started) / 1_000_000,
                    kafka.bootstrapServers(), stack.postgres.host() + ":" + stack.postgres.port());
            return stack;
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Where the stack keeps its files (broker data and logs, embedded PostgreSQL data when kept). */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
