package io.syncmesh.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;

/**
 * The gateway's neighbours for its tests: the shared devstack (real Kafka and PostgreSQL), the packaged sync-service as
 * its own process on a fresh database, and a key pair whose public half the gateway trusts.
 */
public class GatewayMeshResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://syncmesh.dev/test";
    /** Published as system properties: Quarkus may load this class in another class loader than the tests. */
    static final String KEY_DIR_PROPERTY = "syncmesh.gateway-test.key-dir";
    static final String BOOTSTRAP_PROPERTY = "syncmesh.gateway-test.bootstrap";

    private QuarkusAppProcess syncService;

    @Override
    public Map<String, String> start() {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        Path keyDir;
        try {
            keyDir = Files.createTempDirectory("gateway-test-keys");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        DevKeys.loadOrCreate(keyDir);
        syncService = MeshServices.syncService(stack, database,
                Path.of("target", "sync-service-for-gateway-tests.log")).build();
        syncService.start();
        System.setProperty(KEY_DIR_PROPERTY, keyDir.toString());
        System.setProperty(BOOTSTRAP_PROPERTY, stack.bootstrapServers());

        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        config.put("quarkus.rest-client.sync-service.url", syncService.baseUrl());
        config.put("mp.jwt.verify.publickey.location", keyDir.resolve(DevKeys.PUBLIC_KEY_FILE).toString());
        config.put("mp.jwt.verify.issuer", ISSUER);
        return config;
    }

    @Override
    public void stop() {
        if (syncService != null) {
            syncService.stop();
        }
    }
}
