package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;

/**
 * A known share of concurrent edits through the whole mesh (gateway, sync-service, conflict-service) gives that
 * conflict rate per collection and per field in the metrics-service, and the conflict-rate alert fires for the
 * collection above its 20 % threshold and not for the one below.
 *
 * <p>
 * The metrics-service here is one of the test's own, started with no lookback and waited for until it reads both of its
 * topics (a marker record of an undeclared collection on each): it sees exactly this scenario, not the traffic of
 * earlier tests on the same broker.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = GatewayMeshResource.WITH_CONFLICT_SERVICE, value = "true"))
class ConflictRateScenarioTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.now().minusSeconds(3600);

    static QuarkusAppProcess metrics;

    @BeforeAll
    static void startOwnMetricsService() {
        metrics = MeshServices.metricsService(DevStack.shared(),
                Path.of("target", "metrics-service-for-conflict-rate.log"))
                .env("CONFLICT_SERVICE_URL", System.getProperty(GatewayMeshResource.SERVICE_URL_PROPERTY
                        + "conflict-service"))
                .jvmArgs("-Dmetrics.lookback=0S", "-Dmetrics.evaluation-interval=1S",
                        "-Dmetrics.alerts.rules.conflict-rate-high.for=2S")
                .build();
        metrics.start();
        // Markers of a collection the registry does not declare (counted as "other", never as notes or tasks): once
        // both are counted, both consumers are reading and nothing of the scenario can be missed.
        try (MeshTopics topics = new MeshTopics(System.getProperty(GatewayMeshResource.BOOTSTRAP_PROPERTY))) {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                sendMarkers(topics);
                String text = PrometheusText.scrape(metrics);
                return PrometheusText.sum(text, "syncmesh_receipts_total", Map.of("collection", "other")) > 0
                        && PrometheusText.sum(text, "syncmesh_field_writes_total", Map.of("collection", "other")) > 0;
            });
        }
    }

    private static void sendMarkers(MeshTopics topics) {
        String tenant = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        Change marker = new Change(UUID.randomUUID().toString(), "marker", "m", Op.CREATE, null,
                Map.of("x", TextNode.valueOf("x")), Instant.now(), 1L, List.of());
        topics.send(ChangeEnvelope.fromClient(tenant, "d", Instant.now(), marker, ConflictMode.MERGE));
        topics.sendRaw(Topics.RESULTS, tenant + "/marker/m", SyncJson.write(ResultEvent.of(tenant, "d",
                Receipt.applied(marker.changeId(), "marker", "m", 1), null)));
    }

    @AfterAll
    static void stop() {
        if (metrics != null) {
            metrics.stop();
        }
    }

    @Test
    void aKnownShareOfConcurrentEditsIsTheConflictRatePerCollectionAndFieldAndAlertsOnlyAboveTheThreshold()
            throws IOException {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        // notes: 10 created (title, body), 10 title edits by dev-a, then 8 concurrent title edits by dev-b (lww).
        push(tenant, "dev-a", creates("notes", 10, "{\"title\":\"t\",\"body\":\"b\"}"));
        push(tenant, "dev-a", updates("notes", 10, "{\"title\":\"by A\"}", T0.plusSeconds(10)));
        assertThat(push(tenant, "dev-b", updates("notes", 8, "{\"title\":\"by B\"}", T0.plusSeconds(20))))
                .containsOnly("merged");
        // tasks: 20 created, 20 priority edits by dev-a, then 2 concurrent priority edits by dev-b (max).
        push(tenant, "dev-a", creates("tasks", 20, "{\"title\":\"t\",\"priority\":1}"));
        push(tenant, "dev-a", updates("tasks", 20, "{\"priority\":2}", T0.plusSeconds(10)));
        assertThat(push(tenant, "dev-b", updates("tasks", 2, "{\"priority\":3}", T0.plusSeconds(20))))
                .containsOnly("merged");

        // Collections: notes 8 of 28 final receipts met a concurrent edit, tasks 2 of 42.
        await().atMost(WAIT).untilAsserted(() -> {
            String text = PrometheusText.scrape(metrics);
            assertThat(
                    PrometheusText.sum(text, "syncmesh_conflict_ratio", Map.of("collection", "notes", "window", "5m")))
                    .isCloseTo(8.0 / 28, within(1e-9));
            assertThat(
                    PrometheusText.sum(text, "syncmesh_conflict_ratio", Map.of("collection", "tasks", "window", "1h")))
                    .isCloseTo(2.0 / 42, within(1e-9));
            // Fields: notes.title written 28 times, 8 conflicts; notes.body 10 writes, none; tasks.priority 2 of 42.
            assertThat(PrometheusText.sum(text, "syncmesh_field_conflict_ratio",
                    Map.of("collection", "notes", "field", "title",
                            "window", "5m")))
                    .isCloseTo(8.0 / 28, within(1e-9));
            assertThat(PrometheusText.sum(text, "syncmesh_field_conflict_ratio", Map.of("collection", "tasks", "field",
                    "priority", "window", "5m"))).isCloseTo(2.0 / 42, within(1e-9));
        });
        String text = PrometheusText.scrape(metrics);
        // What an operator would see for this scenario, kept for the record (target/conflict-rate-metrics.txt).
        Files.writeString(Path.of("target", "conflict-rate-metrics.txt"), text.lines()
                .filter(line -> line.startsWith("syncmesh_conflict_ratio") || line.startsWith("syncmesh_field_")
                        || line.startsWith("syncmesh_receipts_total"))
                .collect(Collectors.joining("\n", "", "\n")));
        assertThat(text)
                .contains("syncmesh_field_conflict_ratio{collection=\"notes\",field=\"body\",window=\"5m\"} 0.0");
        assertThat(PrometheusText.sum(text, "syncmesh_field_conflicts_in_window",
                Map.of("collection", "notes", "field", "title",
                        "resolution", "lww", "window", "5m")))
                .isEqualTo(8);
        assertThat(PrometheusText.sum(text, "syncmesh_field_conflicts_in_window", Map.of("collection", "tasks", "field",
                "priority", "resolution", "max", "window", "1h"))).isEqualTo(2);

        await().atMost(WAIT).until(() -> conflictAlerts().stream().anyMatch(alert -> "notes".equals(
                alert.path("labels").path("collection").asText()) && "firing".equals(alert.path("state").asText())));
        assertThat(conflictAlerts()).as("tasks stay below the threshold")
                .noneMatch(alert -> "tasks".equals(alert.path("labels").path("collection").asText()));
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** Pushes the changes in one request, waits for their final receipts, and returns their statuses. */
    private static List<String> push(String tenant, String device, List<String> changes) {
        JsonPath response = given().auth().oauth2(Tokens.device(tenant, device)).contentType("application/json")
                .header("Prefer", "wait=30").body("{\"changes\":[" + String.join(",", changes) + "]}")
                .post("/v1/sync/push").then().statusCode(200).extract().jsonPath();
        return response.getList("receipts.status");
    }

    private static List<String> creates(String collection, int count, String fields) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.add("""
                    {"changeId":"%s","collection":"%s","entityId":"e%d","op":"create","fields":%s,"deviceSeq":%d,
                     "clientTime":"%s"}""".formatted(UUID.randomUUID(), collection, i, fields, i + 1, T0));
        }
        return changes;
    }

    /** Updates of the first {@code count} entities on version 1. */
    private static List<String> updates(String collection, int count, String fields, Instant clientTime) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.add("""
                    {"changeId":"%s","collection":"%s","entityId":"e%d","op":"update","baseVersion":1,"fields":%s,
                     "deviceSeq":%d,"clientTime":"%s"}""".formatted(UUID.randomUUID(), collection, i, fields,
                    100 + i, clientTime));
        }
        return changes;
    }

    private List<JsonNode> conflictAlerts() {
        List<JsonNode> alerts = new ArrayList<>();
        SyncJson.read(PrometheusText.get(metrics.baseUrl(), "/internal/v1/alerts"), JsonNode.class).path("alerts")
                .forEach(alert -> {
                    if ("conflict-rate-high".equals(alert.path("name").asText())) {
                        alerts.add(alert);
                    }
                });
        return alerts;
    }
}
