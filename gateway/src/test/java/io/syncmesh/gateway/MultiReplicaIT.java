package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;

/**
 * Two gateway replicas in front of one sync-service: a push that waits for its receipts is answered with final receipts
 * on whichever replica it reached, and a retry sent to the other replica gets the original outcome.
 */
class MultiReplicaIT {

    private static final String ISSUER = "https://syncmesh.dev/replicas";

    @Test
    void pushWaitingForReceiptsIsAnsweredOnEitherReplica() throws Exception {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        Path keyDir = Files.createTempDirectory("replica-keys");
        DevKeys keys = DevKeys.loadOrCreate(keyDir);
        try (QuarkusAppProcess syncService = MeshServices.syncService(stack, database,
                Path.of("target", "replicas-sync-service.log")).build()) {
            syncService.start();
            try (QuarkusAppProcess first = gateway(stack, keyDir, syncService, "replica-1");
                    QuarkusAppProcess second = gateway(stack, keyDir, syncService, "replica-2")) {
                first.start();
                second.start();
                String token = DevTokens.builder().issuer(ISSUER).tenant("t-replicas").device("dev-a")
                        .groups("device").sign(keys);
                HttpClient http = HttpClient.newHttpClient();
                for (QuarkusAppProcess replica : List.of(first, second, first, second)) {
                    String changeId = UUID.randomUUID().toString();
                    HttpResponse<String> answer = push(http, replica, token, changeId, "e-" + changeId);
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).contains("\"changeId\":\"" + changeId + "\"", "\"status\":\"applied\"");
                }
                String changeId = UUID.randomUUID().toString();
                assertThat(push(http, first, token, changeId, "retried").body()).contains("\"status\":\"applied\"");
                assertThat(push(http, second, token, changeId, "retried").body())
                        .contains("\"status\":\"duplicate\"", "\"originalStatus\":\"applied\"");
            }
        }
    }

    private static QuarkusAppProcess gateway(DevStack stack, Path keyDir, QuarkusAppProcess syncService,
            String name) {
        return MeshServices.gateway(stack.bootstrapServers(), keyDir, ISSUER, Path.of("target", name + ".log"))
                .env("SYNC_SERVICE_URL", syncService.baseUrl()).build();
    }

    private static HttpResponse<String> push(HttpClient http, QuarkusAppProcess replica, String token,
            String changeId, String entityId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/sync/push"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Prefer", "wait=20")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"changes":[{"changeId":"%s","collection":"notes","entityId":"%s","op":"create",
                          "fields":{"n":1},"deviceSeq":1}]}""".formatted(changeId, entityId)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
