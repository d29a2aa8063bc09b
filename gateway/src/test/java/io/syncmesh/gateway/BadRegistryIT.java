package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;

/** Every service that reads the collection registry refuses to start on a bad one, and says what to fix. */
class BadRegistryIT {

    private static final String BAD_REGISTRY = """
            collections:
              tasks:
                onDelete: delete-wins
                fields:
                  priority: maximum
              Notes: {}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "sync-service", "conflict-service"})
    void aServiceWithABadRegistryExitsNamingEveryProblem(String service) throws Exception {
        Path registry = Files.createTempFile("bad-registry", ".yaml");
        Files.writeString(registry, BAD_REGISTRY);
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        Path keyDir = Files.createTempDirectory("bad-registry-keys");
        DevKeys.loadOrCreate(keyDir);
        try (QuarkusAppProcess app = QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp(service))
                .env("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers())
                .env(QuarkusAppProcess.datasourceEnv(database))
                .env("SYNCMESH_JWT_PUBLIC_KEY", keyDir.resolve(DevKeys.PUBLIC_KEY_FILE).toString())
                .env("SYNCMESH_REGISTRY_PATH", registry.toString())
                .logFile(Path.of("target", "bad-registry-" + service + ".log")).build()) {
            assertThatThrownBy(app::start)
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining("the collection registry " + registry + " is invalid")
                    .hasMessageContaining("collections.tasks.fields.priority: 'maximum' is not one of")
                    .hasMessageContaining("collections.Notes: a collection name must match");
        }
    }
}
