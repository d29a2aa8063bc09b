package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.KafkaBroker;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.devstack.TopicProvisioner;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.SyncJson;

/**
 * Back-pressure when Kafka is gone: a packaged gateway on a broker of its own, which the test kills (SIGKILL). A push
 * is then answered 503 with Retry-After once the ack timeout (2 s here) has passed, instead of hanging; once the broker
 * is back, the device's retry of the same changes is accepted, and every accepted change is in sync.changes.
 */
class KafkaOutageIT {

    private static final String ISSUER = "https://syncmesh.dev/kafka-outage";
    private static final String TENANT = "t-outage";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaBroker broker;
    private static QuarkusAppProcess gateway;
    private static DevKeys keys;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("kafka-outage-broker"));
        new TopicProvisioner().provision(broker.bootstrapServers());
        Path keyDir = Files.createTempDirectory("kafka-outage-keys");
        keys = DevKeys.loadOrCreate(keyDir);
        gateway = MeshServices.gateway(broker.bootstrapServers(), keyDir, ISSUER,
                Path.of("target", "kafka-outage-gateway.log"))
                .env("SYNCMESH_PUSH_ACK_TIMEOUT", ACK_TIMEOUT.toSeconds() + "S").build();
        gateway.start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void withKafkaDownAPushIsAnswered503WithRetryAfterAndItsRetryLandsOnceKafkaIsBack() throws Exception {
        String token = DevTokens.builder().issuer(ISSUER).tenant(TENANT).device("d-1").groups("device").sign(keys);
        String before = UUID.randomUUID().toString();
        String during = UUID.randomUUID().toString();
        try (MeshTopics topics = new MeshTopics(broker.bootstrapServers());
                MeshTopics.Recorder changes = topics.record("sync.changes")) {
            assertThat(push(token, before).statusCode()).isEqualTo(202);

            broker.kill();
            long start = System.nanoTime();
            HttpResponse<String> refused = push(token, during);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused.statusCode()).as("%s", refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertThat(SyncJson.read(refused.body(), JsonNode.class).path("type")
                    .asText()).startsWith("https://syncmesh.dev/problems/");
            // Answered by the ack timeout, not by the client's own timeout or a dropped connection.
            assertThat(took).isGreaterThanOrEqualTo(ACK_TIMEOUT).isLessThan(Duration.ofSeconds(15));

            broker.restart();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> push(token, during).statusCode() == 202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(changes.changes(TENANT))
                    .extracting(envelope -> envelope.change().changeId()).contains(before, during));
            List<ChangeEnvelope> stored = changes.changes(TENANT);
            assertThat(stored).extracting(envelope -> envelope.change().changeId()).containsOnly(before, during);
        }
    }

    private static HttpResponse<String> push(String token, String changeId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/sync/push"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayFlowTest.push(GatewayFlowTest.create(changeId,
                        "n-" + changeId, "x"))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
