package io.syncmesh.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole mesh as packaged processes on the shared devstack, for end-to-end tests of clients (the SDK, the fleet):
 * sync-service and conflict-service on a database of their own, and the gateway in front, verifying tokens signed with
 * a key pair made for this mesh. Each service can be killed and restarted, which fault-injection tests need.
 */
public final class PackagedMesh implements AutoCloseable {

    /** The issuer the gateway accepts. */
    public static final String ISSUER = "https://syncmesh.dev/packaged-mesh";

    private final DevStack stack;
    /** The database of the sync-service and the conflict-service. */
    private final PostgresDatabase database;
    private final DevKeys keys;
    /** Where the gateway reads the public key of {@link #keys}. */
    private final Path keyDir;
    private final QuarkusAppProcess syncService;
    private final QuarkusAppProcess conflictService;
    private final QuarkusAppProcess gateway;
    /** Null unless started with {@link #startWithMetrics}. */
    private final QuarkusAppProcess metricsService;

    private PackagedMesh(DevStack stack, PostgresDatabase database, DevKeys keys, Path keyDir,
            QuarkusAppProcess syncService, QuarkusAppProcess conflictService, QuarkusAppProcess metricsService,
            QuarkusAppProcess gateway) {
        this.metricsService = metricsService;
        this.stack = stack;
        this.database = database;
        this.keys = keys;
        this.keyDir = keyDir;
        this.syncService = syncService;
        this.conflictService = conflictService;
        this.gateway = gateway;
    }

    /** Starts the services; their logs go to {@code logDir} ({@code <service>.log}). */
    public static PackagedMesh start(Path logDir) {
        return start(logDir, false);
    }

    /** As {@link #start}, with the metrics-service too, so that every endpoint of the gateway has its service. */
    public static PackagedMesh startWithMetrics(Path logDir) {
        return start(logDir, true);
    }

    private static PackagedMesh start(Path logDir, boolean withMetrics) {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        Path keyDir;
        try {
            Files.createDirectories(logDir);
            keyDir = Files.createTempDirectory("packaged-mesh-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DevKeys keys = DevKeys.loadOrCreate(keyDir);
        QuarkusAppProcess syncService = MeshServices.syncService(stack, database, logDir.resolve("sync-service.log"))
                .build();
        QuarkusAppProcess conflictService = MeshServices.conflictService(stack, database,
                logDir.resolve("conflict-service.log")).build();
        syncService.start();
        conflictService.start();
        QuarkusAppProcess metricsService = null;
        if (withMetrics) {
            metricsService = MeshServices.metricsService(stack, logDir.resolve("metrics-service.log"))
                    .env("CONFLICT_SERVICE_URL", conflictService.baseUrl()).build();
            metricsService.start();
        }
        QuarkusAppProcess gateway = gatewayBuilder(stack, keyDir, syncService, conflictService, metricsService,
                logDir.resolve("gateway.log")).build();
        gateway.start();
        return new PackagedMesh(stack, database, keys, keyDir, syncService, conflictService, metricsService, gateway);
    }

    private static QuarkusAppProcess.Builder gatewayBuilder(DevStack stack, Path keyDir,
            QuarkusAppProcess syncService, QuarkusAppProcess conflictService, QuarkusAppProcess metricsService,
            Path log) {
        QuarkusAppProcess.Builder builder = MeshServices.gateway(stack.bootstrapServers(), keyDir, ISSUER, log)
                .env("SYNC_SERVICE_URL", syncService.baseUrl())
                .env("CONFLICT_SERVICE_URL", conflictService.baseUrl());
        if (metricsService != null) {
            builder.env("METRICS_SERVICE_URL", metricsService.baseUrl());
        }
        return builder;
    }

    /**
     * Starts another gateway in front of this mesh's services, accepting the same tokens, with {@code env} on top of
     * the usual settings (other rate limits, say); logging to {@code log}. The caller closes it; {@link #close} does
     * not.
     */
    public QuarkusAppProcess startGateway(Map<String, String> env, Path log) {
        QuarkusAppProcess extra = gatewayBuilder(stack, keyDir, syncService, conflictService, metricsService, log)
                .env(env).build();
        extra.start();
        return extra;
    }

    /** The gateway's base URI (what devices talk to). */
    public URI gatewayUri() {
        return URI.create(gateway.baseUrl());
    }

    /** A device token of the tenant. */
    public String deviceToken(String tenant, String device) {
        return DevTokens.builder().issuer(ISSUER).tenant(tenant).device(device).groups("device").sign(keys);
    }

    /** An operator token of the tenant (the conflict queue). */
    public String operatorToken(String tenant, String name) {
        return DevTokens.builder().issuer(ISSUER).tenant(tenant).device(name).groups("operator").sign(keys);
    }

    public DevStack stack() {
        return stack;
    }

    /** The database the sync-service and the conflict-service write, for checks and benchmarks. */
    public PostgresDatabase database() {
        return database;
    }

    public QuarkusAppProcess syncService() {
        return syncService;
    }

    public QuarkusAppProcess conflictService() {
        return conflictService;
    }

    public QuarkusAppProcess gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
        if (metricsService != null) {
            metricsService.close();
        }
        conflictService.close();
        syncService.close();
    }
}
