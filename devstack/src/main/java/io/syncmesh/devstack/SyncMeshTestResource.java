package io.syncmesh.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a Quarkus test at the shared devstack: its Kafka and a fresh database of its own. */
public class SyncMeshTestResource implements QuarkusTestResourceLifecycleManager {

    // System properties, not static fields: Quarkus may start this resource in another class loader than the one
    // that loads the test class, and both must see the same values.
    private static final String PREFIX = "syncmesh.test-resource.";

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.shared();
        PostgresDatabase db = stack.postgres().createUniqueDatabase();
        System.setProperty(PREFIX + "kafka.bootstrap", stack.bootstrapServers());
        System.setProperty(PREFIX + "db.name", db.name());
        System.setProperty(PREFIX + "db.host", db.host());
        System.setProperty(PREFIX + "db.port", Integer.toString(db.port()));
        System.setProperty(PREFIX + "db.username", db.username());
        System.setProperty(PREFIX + "db.password", db.password());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.username", db.username());
        config.put("quarkus.datasource.password", db.password());
        config.put("syncmesh.registry.path", ExampleRegistry.path().toString());
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
        return required("kafka.bootstrap");
    }

    /** The database the last started test resource created, e.g. to open a JDBC connection and check rows. */
    public static PostgresDatabase database() {
        return new PostgresDatabase(required("db.name"), required("db.host"), Integer.parseInt(required("db.port")),
                required("db.username"), required("db.password"));
    }

    private static String required(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null) {
            throw new IllegalStateException("SyncMeshTestResource has not been started in this JVM");
        }
        return value;
    }
}
