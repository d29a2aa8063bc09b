package io.syncmesh.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test at the shared devstack: its Kafka and a fresh database of its own. */
public class SyncMeshTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrapServers;
    private static volatile PostgresDatabase database;

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.shared();
        PostgresDatabase created = stack.postgres().createUniqueDatabase();
        bootstrapServers = stack.bootstrapServers();
        database = created;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", created.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", created.jdbcUrl());
        config.put("quarkus.datasource.username", created.username());
        config.put("quarkus.datasource.password", created.password());
        // Dev Services would look for Docker to start servers the devstack already provides.
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("quarkus.datasource.devservices.enabled", "false");
        return config;
    }

    /**
     * Leaves the shared stack running for the next test; a JVM exit hook stops it. The database is kept for debugging.
     */
    @Override
    public void stop() {
        // nothing to do
    }

    /** The Kafka the last started test resource configured. */
    public static String bootstrapServers() {
        String value = bootstrapServers;
        if (value == null) {
            throw new IllegalStateException("SyncMeshTestResource has not been started");
        }
        return value;
    }

    /** The database the last started test resource created, e.g. to open a JDBC connection and check rows. */
    public static PostgresDatabase database() {
        PostgresDatabase value = database;
        if (value == null) {
            throw new IllegalStateException("SyncMeshTestResource has not been started");
        }
        return value;
    }
}
