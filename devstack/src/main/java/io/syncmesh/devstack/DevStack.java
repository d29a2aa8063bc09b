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
    // An interned string literal is one object per JVM, whichever class loader loaded this class: Quarkus loads test
    // resources in class loaders of their own, and each copy of this class must still find the one shared stack.
    private static final Object JVM_WIDE_LOCK = "io.syncmesh.devstack.DevStack.shared";
    private static final String SHARED = "syncmesh.devstack.shared.";
    private static DevStack sharedStack;
    private static RuntimeException sharedFailure;

    private final KafkaServer kafka;
    private final PostgresServer postgres;
    private final Path workDir;
    private final boolean shared;

    private DevStack(KafkaServer kafka, PostgresServer postgres, Path workDir, boolean shared) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.workDir = workDir;
        this.shared = shared;
    }

    /**
     * The stack all tests of this JVM reuse, started on first use (configured, containers or local processes, in the
     * order of DESIGN.md section 9) and stopped, its temp work dir deleted, when the JVM exits.
     */
    public static DevStack shared() {
        synchronized (JVM_WIDE_LOCK) {
            if (sharedFailure != null) {
                // Fail every later test fast with the first cause instead of paying the start timeout again.
                throw new IllegalStateException(
                        "the shared devstack failed to start earlier: " + sharedFailure.getMessage(), sharedFailure);
            }
            if (sharedStack == null) {
                sharedStack = startedByAnotherClassLoader();
            }
            if (sharedStack == null) {
                sharedStack = startShared();
                publish(sharedStack);
            }
            return sharedStack;
        }
    }

    private static DevStack startShared() {
        Path dir = WorkDirs.temp("syncmesh-devstack-");
        ExitActions.register("delete " + dir, () -> WorkDirs.deleteQuietly(dir));
        DevStack stack;
        try {
            stack = start(dir, d -> KafkaProvider.obtain(d.resolve("kafka")), PostgresProvider::obtain, true);
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
        // No exit action of its own: the broker and PostgreSQL each registered one when they started.
        return stack;
    }

    /** System properties are the one registry every class loader of the JVM sees. */
    private static void publish(DevStack stack) {
        PostgresServer pg = stack.postgres;
        System.setProperty(SHARED + "kafka.bootstrap", stack.bootstrapServers());
        System.setProperty(SHARED + "kafka.description", stack.kafka.description());
        System.setProperty(SHARED + "pg.host", pg.host());
        System.setProperty(SHARED + "pg.port", Integer.toString(pg.port()));
        System.setProperty(SHARED + "pg.user", pg.superuser());
        System.setProperty(SHARED + "pg.password", pg.password());
        System.setProperty(SHARED + "pg.maintenance-db", ((JdbcPostgresServer) pg).maintenanceDatabase());
        System.setProperty(SHARED + "pg.description", pg.description());
        System.setProperty(SHARED + "workdir", stack.workDir.toString());
    }

    /** A view of the stack another copy of this class started; that copy owns it and stops it at exit. */
    private static DevStack startedByAnotherClassLoader() {
        String bootstrap = System.getProperty(SHARED + "kafka.bootstrap");
        if (bootstrap == null) {
            return null;
        }
        KafkaServer kafka = new ConfiguredKafka(bootstrap, System.getProperty(SHARED + "kafka.description"));
        PostgresServer postgres = new JdbcPostgresServer(System.getProperty(SHARED + "pg.host"),
                Integer.parseInt(System.getProperty(SHARED + "pg.port")), System.getProperty(SHARED + "pg.user"),
                System.getProperty(SHARED + "pg.password"), System.getProperty(SHARED + "pg.maintenance-db"),
                System.getProperty(SHARED + "pg.description"), () -> {
                    // owned by the copy that started it
                });
        return new DevStack(kafka, postgres, Path.of(System.getProperty(SHARED + "workdir")), true);
    }

    /**
     * A stack for the local mesh: configured servers where configured, else a local broker and an embedded PostgreSQL
     * whose data live under {@code dir} and survive a restart. The caller closes it.
     */
    public static DevStack startLocal(Path dir) {
        Path abs = WorkDirs.create(dir);
        return start(abs, d -> KafkaProvider.obtainLocal(d.resolve("kafka")),
                () -> PostgresProvider.obtainLocal(abs.resolve("postgres")), false);
    }

    /**
     * Starts both in parallel: each mostly waits for its own process, so the stack is ready in the time of the slower.
     */
    private static DevStack start(Path dir, Function<Path, KafkaServer> kafkaStarter,
            Supplier<PostgresServer> postgresStarter, boolean shared) {
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
            DevStack stack = new DevStack(kafka, postgres.join(), dir, shared);
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

    /** Stops what this stack started; does nothing on the shared stack, which other tests still use. */
    @Override
    public void close() {
        if (shared) {
            return; // stopped by exit actions when the JVM exits
        }
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
