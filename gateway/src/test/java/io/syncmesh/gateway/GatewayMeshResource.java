package io.syncmesh.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.ExampleRegistry;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;

/**
 * The gateway's neighbours for its tests: the shared devstack (real Kafka and PostgreSQL), the packaged sync-service as
 * its own process on a fresh database, and a key pair whose public half the gateway trusts. With the init argument
 * {@value #WITH_CONFLICT_SERVICE}{@code =true} the packaged conflict-service runs too (the whole mesh); without it,
 * changes in the conflict path stay pending, which some tests need. The whole mesh includes the metrics-service.
 */
public class GatewayMeshResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://syncmesh.dev/test";
    /** Published as system properties: Quarkus may load this class in another class loader than the tests. */
    static final String KEY_DIR_PROPERTY = "syncmesh.gateway-test.key-dir";
    static final String BOOTSTRAP_PROPERTY = "syncmesh.gateway-test.bootstrap";
    /** Prefix of the properties with the base URL of each packaged service this resource started. */
    static final String SERVICE_URL_PROPERTY = "syncmesh.gateway-test.url.";

    /** Init argument: also run the conflict-service. */
    public static final String WITH_CONFLICT_SERVICE = "withConflictService";

    private QuarkusAppProcess syncService;
    private QuarkusAppProcess conflictService;
    private QuarkusAppProcess metricsService;
    private boolean withConflictService;

    @Override
    public void init(Map<String, String> initArgs) {
        withConflictService = Boolean.parseBoolean(initArgs.getOrDefault(WITH_CONFLICT_SERVICE, "false"));
    }

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
        DevKeys keys = DevKeys.loadOrCreate(keyDir);
        Path jwks = Tokens.writeTrustedKeys(keyDir, keys);
        syncService = MeshServices.syncService(stack, database,
                Path.of("target", "sync-service-for-gateway-tests.log")).build();
        syncService.start();
        if (withConflictService) {
            conflictService = MeshServices.conflictService(stack, database,
                    Path.of("target", "conflict-service-for-gateway-tests.log")).build();
            conflictService.start();
            metricsService = MeshServices.metricsService(stack,
                    Path.of("target", "metrics-service-for-gateway-tests.log"))
                    .env("CONFLICT_SERVICE_URL", conflictService.baseUrl()).build();
            metricsService.start();
        }
        System.setProperty(KEY_DIR_PROPERTY, keyDir.toString());
        System.setProperty(BOOTSTRAP_PROPERTY, stack.bootstrapServers());
        System.setProperty(SERVICE_URL_PROPERTY + "sync-service", syncService.baseUrl());
        if (conflictService != null) {
            System.setProperty(SERVICE_URL_PROPERTY + "conflict-service", conflictService.baseUrl());
            System.setProperty(SERVICE_URL_PROPERTY + "metrics-service", metricsService.baseUrl());
        }

        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        config.put("quarkus.rest-client.sync-service.url", syncService.baseUrl());
        // A key set, as in production during a key rotation: the dev RSA key and an EC key, each under its kid.
        config.put("mp.jwt.verify.publickey.location", jwks.toString());
        config.put("mp.jwt.verify.publickey.algorithm", "RS256,ES256");
        config.put("syncmesh.auth.revoked-devices-file", Tokens.writeRevokedDevices(keyDir).toString());
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("syncmesh.registry.path", ExampleRegistry.path().toString());
        if (conflictService != null) {
            config.put("quarkus.rest-client.conflict-service.url", conflictService.baseUrl());
            config.put("quarkus.rest-client.metrics-service.url", metricsService.baseUrl());
        }
        return config;
    }

    @Override
    public void stop() {
        if (metricsService != null) {
            metricsService.stop();
        }
        if (conflictService != null) {
            conflictService.stop();
        }
        if (syncService != null) {
            syncService.stop();
        }
    }
}
