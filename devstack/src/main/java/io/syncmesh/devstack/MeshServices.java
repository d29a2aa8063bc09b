package io.syncmesh.devstack;

import java.nio.file.Path;

/** The mesh's packaged services wired to a devstack, for tests that run them as their own processes. */
public final class MeshServices {

    private MeshServices() {
    }

    /** The packaged sync-service on the stack's Kafka and the given database, logging to {@code log}. */
    public static QuarkusAppProcess.Builder syncService(DevStack stack, PostgresDatabase database, Path log) {
        return QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp("sync-service"))
                .env("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers())
                .env(QuarkusAppProcess.datasourceEnv(database))
                .env("SYNCMESH_REGISTRY_PATH", ExampleRegistry.path().toString())
                .logFile(log);
    }

    /** The packaged conflict-service on the stack's Kafka and the given database, logging to {@code log}. */
    public static QuarkusAppProcess.Builder conflictService(DevStack stack, PostgresDatabase database, Path log) {
        return QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp("conflict-service"))
                .env("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers())
                .env(QuarkusAppProcess.datasourceEnv(database))
                .env("SYNCMESH_REGISTRY_PATH", ExampleRegistry.path().toString())
                .logFile(log);
    }

    /**
     * The packaged metrics-service on the stack's Kafka, logging to {@code log}. It reads its topics from
     * {@code metrics.lookback} (1 hour) back, so a test's first record is seen however soon it is sent.
     */
    public static QuarkusAppProcess.Builder metricsService(DevStack stack, Path log) {
        return QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp("metrics-service"))
                .env("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers())
                .env("SYNCMESH_REGISTRY_PATH", ExampleRegistry.path().toString())
                .logFile(log);
    }

    /**
     * The packaged gateway on the Kafka at {@code bootstrapServers}, verifying tokens of {@code issuer} with the public
     * key in {@code keyDir}, its health and metrics on a management port of their own; logging to {@code log}. The URLs
     * of the services behind it are the caller's to add.
     */
    public static QuarkusAppProcess.Builder gateway(String bootstrapServers, Path keyDir, String issuer, Path log) {
        return QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp("gateway"))
                .managementInterface()
                .env("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)
                .env("SYNCMESH_REGISTRY_PATH", ExampleRegistry.path().toString())
                .env("SYNCMESH_JWT_PUBLIC_KEY", keyDir.resolve(DevKeys.PUBLIC_KEY_FILE).toString())
                .env("SYNCMESH_JWT_ISSUER", issuer)
                .logFile(log);
    }
}
