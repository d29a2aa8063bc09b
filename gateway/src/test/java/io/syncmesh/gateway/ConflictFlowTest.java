package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.protocol.Topics;

/**
 * Concurrent offline edits end to end: devices push through the gateway, the sync-service detours conflicts to the
 * conflict-service, which merges them or queues them for an operator; real Kafka and PostgreSQL throughout.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = GatewayMeshResource.WITH_CONFLICT_SERVICE, value = "true"))
class ConflictFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.now().minusSeconds(3600);

    static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static RequestSpecification as(String tenant, String device) {
        return given().auth().oauth2(Tokens.device(tenant, device));
    }

    static RequestSpecification asOperator(String tenant) {
        return given().auth().oauth2(Tokens.operator(tenant, "ops-1"));
    }

    /** Pushes one change and waits for its final receipt. */
    static JsonPath pushAndWait(String tenant, String device, String change) {
        return as(tenant, device).contentType("application/json").header("Prefer", "wait=30")
                .body("{\"changes\":[" + change + "]}").post("/v1/sync/push")
                .then().statusCode(200).extract().jsonPath();
    }

    static String create(String collection, String entityId, String fieldsJson) {
        return """
                {"changeId":"%s","collection":"%s","entityId":"%s","op":"create","fields":%s,"deviceSeq":1,
                 "clientTime":"%s"}""".formatted(UUID.randomUUID(), collection, entityId, fieldsJson, T0);
    }

    static String update(String changeId, String collection, String entityId, long base, String fieldsJson,
            Instant clientTime, long deviceSeq) {
        return """
                {"changeId":"%s","collection":"%s","entityId":"%s","op":"update","baseVersion":%d,"fields":%s,
                 "deviceSeq":%d,"clientTime":"%s"}""".formatted(changeId, collection, entityId, base, fieldsJson,
                deviceSeq, clientTime);
    }

    static String update(String collection, String entityId, long base, String fieldsJson, Instant clientTime) {
        return update(UUID.randomUUID().toString(), collection, entityId, base, fieldsJson, clientTime, 2);
    }

    static Map<String, Object> pulledFields(String tenant, String device, String collection, String entityId) {
        JsonPath page = as(tenant, device).queryParam("collections", collection).get("/v1/sync/pull")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> entities = page.getList("entities");
        return entities.stream().filter(e -> entityId.equals(e.get("id"))).findFirst()
                .map(e -> (Map<String, Object>) e.get("fields")).orElseThrow();
    }

    @Test
    void twoDevicesEditingDisjointFieldsOfANoteOfflineBothKeepTheirEdits() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("notes", "n1", "{\"title\":\"Groceries\",\"color\":\"white\"}"));

        JsonPath fromA = pushAndWait(tenant, "dev-a",
                update("notes", "n1", 1, "{\"title\":\"Groceries for Sunday\"}", T0.plusSeconds(10)));
        JsonPath fromB = pushAndWait(tenant, "dev-b", update("notes", "n1", 1, "{\"color\":\"yellow\"}",
                T0.plusSeconds(20)));

        assertThat(fromA.getString("receipts[0].status")).isEqualTo("applied");
        assertThat(fromB.getString("receipts[0].status")).isEqualTo("merged");
        assertThat(fromB.getInt("receipts[0].version")).isEqualTo(3);
        for (String device : List.of("dev-a", "dev-b")) {
            assertThat(pulledFields(tenant, device, "notes", "n1"))
                    .containsEntry("title", "Groceries for Sunday").containsEntry("color", "yellow");
        }
    }

    @Test
    void twoDevicesEditingTheSameFieldEndWithTheLaterWriteWhicheverArrivesFirst() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("notes", "w1", "{\"title\":\"first\"}"));
        // dev-b wrote later (by its clock) but reaches the server second: it wins by lww and is merged.
        pushAndWait(tenant, "dev-a", update("notes", "w1", 1, "{\"title\":\"A at 10:00\"}", T0.plusSeconds(600)));
        JsonPath later = pushAndWait(tenant, "dev-b", update("notes", "w1", 1, "{\"title\":\"B at 10:05\"}",
                T0.plusSeconds(900)));
        assertThat(later.getString("receipts[0].status")).isEqualTo("merged");
        assertThat(pulledFields(tenant, "dev-a", "notes", "w1")).containsEntry("title", "B at 10:05");

        pushAndWait(tenant, "dev-a", create("notes", "w2", "{\"title\":\"first\"}"));
        // Here the edit that arrives second was made earlier: the server keeps the later one.
        pushAndWait(tenant, "dev-a", update("notes", "w2", 1, "{\"title\":\"A at 10:10\"}", T0.plusSeconds(1200)));
        JsonPath earlier = pushAndWait(tenant, "dev-b", update("notes", "w2", 1, "{\"title\":\"B at 10:02\"}",
                T0.plusSeconds(720)));
        assertThat(earlier.getString("receipts[0].status")).isEqualTo("merged");
        assertThat(pulledFields(tenant, "dev-b", "notes", "w2")).containsEntry("title", "A at 10:10");
    }

    @Test
    void aCriticalConflictGoesToAnOperatorWhoseResolutionEveryDevicePulls() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("budgets", "trip", "{\"amount\":100,\"currency\":\"EUR\"}"));
        pushAndWait(tenant, "dev-a", update("budgets", "trip", 1, "{\"amount\":120}", T0.plusSeconds(10)));
        String changeOfB = UUID.randomUUID().toString();
        JsonPath fromB = pushAndWait(tenant, "dev-b",
                update(changeOfB, "budgets", "trip", 1, "{\"amount\":150}", T0.plusSeconds(20), 2));
        assertThat(fromB.getString("receipts[0].status")).isEqualTo("conflict");
        String itemId = fromB.getString("receipts[0].conflictId");
        assertThat(itemId).isNotBlank();

        // dev-b sees the conflict receipt, with the item id, in pull.
        as(tenant, "dev-b").queryParam("collections", "budgets").get("/v1/sync/pull").then().statusCode(200)
                .body("receipts.find { it.changeId == '%s' }.status".formatted(changeOfB), equalTo("conflict"),
                        "receipts.find { it.changeId == '%s' }.conflictId".formatted(changeOfB), equalTo(itemId));

        List<String> open = asOperator(tenant).queryParam("status", "open").queryParam("collection", "budgets")
                .get("/v1/conflicts").then().statusCode(200).extract().path("items.id");
        assertThat(open).containsExactly(itemId);
        asOperator(tenant).get("/v1/conflicts/{id}", itemId).then().statusCode(200)
                .body("conflicts[0].field", equalTo("amount"), "conflicts[0].local", equalTo(150),
                        "conflicts[0].remote", equalTo(120), "base.amount", equalTo(100));

        asOperator(tenant).contentType("application/json").body("{\"values\":{\"amount\":135}}")
                .post("/v1/conflicts/{id}/resolve", itemId).then().statusCode(200)
                .body("status", equalTo("resolved"), "decidedBy", equalTo("ops-1"));

        await().atMost(WAIT).untilAsserted(() -> {
            for (String device : List.of("dev-a", "dev-b")) {
                assertThat(pulledFields(tenant, device, "budgets", "trip")).containsEntry("amount", 135)
                        .containsEntry("currency", "EUR");
            }
        });
        as(tenant, "dev-b").queryParam("collections", "budgets").get("/v1/sync/pull").then().statusCode(200)
                .body("receipts.find { it.changeId == 'resolve-%s' }.status".formatted(itemId), equalTo("applied"),
                        "receipts.find { it.changeId == 'resolve-%s' }.conflictId".formatted(itemId),
                        equalTo(itemId));
    }

    @Test
    void aPatchThatGoesToManualReviewAnswers409WithTheConflictItem() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("budgets", "b1", "{\"amount\":100}"));
        as(tenant, "dev-a").contentType("application/json").header("If-Match", "\"v1\"")
                .body("{\"amount\":120}").patch("/v1/entities/budgets/b1").then().statusCode(200);

        as(tenant, "dev-b").contentType("application/json").header("If-Match", "\"v1\"")
                .body("{\"amount\":90}").patch("/v1/entities/budgets/b1")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/conflict"),
                        "receipt.status", equalTo("conflict"), "conflict.id", notNullValue(),
                        "conflict.conflicts[0].field", equalTo("amount"), "conflict.status", equalTo("open"));
    }

    @Test
    void anEditMadeAfterPullingOverADetouredOneIsTheFinalValueEverywhere() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("notes", "c1", "{\"title\":\"0\"}"));
        pushAndWait(tenant, "dev-b", update("notes", "c1", 1, "{\"title\":\"from B\"}", T0.plusSeconds(5)));

        // dev-a, offline on version 1, set the title to "a": that conflicts with dev-b's edit and detours.
        as(tenant, "dev-a").contentType("application/json").body("{\"changes\":[" + update(UUID.randomUUID()
                .toString(), "notes", "c1", 1, "{\"title\":\"a\"}", T0.plusSeconds(10), 2) + "]}")
                .post("/v1/sync/push").then().statusCode(202);
        // It pulls at once (the detour may not be back yet) and sets "b" on the version it sees.
        JsonPath page = as(tenant, "dev-a").queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(200).extract().jsonPath();
        int seen = page.getInt("entities.find { it.id == 'c1' }.version");
        JsonPath last = pushAndWait(tenant, "dev-a", update(UUID.randomUUID().toString(), "notes", "c1", seen,
                "{\"title\":\"b\"}", T0.plusSeconds(20), 3));
        assertThat(last.getString("receipts[0].status")).isIn("applied", "merged");

        await().atMost(WAIT).untilAsserted(() -> {
            for (String device : List.of("dev-a", "dev-b", "dev-c")) {
                assertThat(pulledFields(tenant, device, "notes", "c1")).containsEntry("title", "b");
            }
        });
        as(tenant, "dev-a").get("/v1/entities/notes/c1").then().statusCode(200).body("fields.title", equalTo("b"));
    }

    @Test
    void theCallersTraceContextFollowsAChangeThroughTheConflictPathAndBack() {
        String tenant = tenant();
        pushAndWait(tenant, "dev-a", create("notes", "tr1", "{\"title\":\"0\",\"color\":\"white\"}"));
        pushAndWait(tenant, "dev-a", update("notes", "tr1", 1, "{\"title\":\"A\"}", T0.plusSeconds(5)));
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String changeId = UUID.randomUUID().toString();
        try (MeshTopics topics = new MeshTopics(System.getProperty(GatewayMeshResource.BOOTSTRAP_PROPERTY))) {
            List<MeshTopics.Recorder> recorders = List.of(topics.record(Topics.CHANGES), topics.record(Topics.RESULTS),
                    topics.record(Topics.CONFLICTS));

            as(tenant, "dev-b").contentType("application/json").header("Prefer", "wait=30")
                    .header("traceparent", traceparent)
                    .body("{\"changes\":[" + update(changeId, "notes", "tr1", 1, "{\"color\":\"red\"}",
                            T0.plusSeconds(9), 2) + "]}")
                    .post("/v1/sync/push").then().statusCode(200).body("receipts[0].status", equalTo("merged"));

            // The device's change and the merged answer on sync.changes, the conflict event, pending and merged.
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> traces = recorders.stream().flatMap(r -> r.records().stream())
                        .filter(r -> changeId.equals(header(r, "changeId")))
                        .map(r -> header(r, "traceparent")).toList();
                assertThat(traces).hasSize(5).containsOnly(traceparent);
            });
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record,
            String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theConflictQueueIsForOperatorsOnly() {
        String tenant = tenant();
        as(tenant, "dev-a").get("/v1/conflicts").then().statusCode(403).contentType("application/problem+json");
        given().get("/v1/conflicts").then().statusCode(401);
        asOperator(tenant).get("/v1/conflicts/{id}", UUID.randomUUID().toString()).then().statusCode(404)
                .contentType("application/problem+json");
        asOperator(tenant).get("/v1/conflicts").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aCollectionMissingFromTheRegistryIsRejectedAtTheGateway() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").body("{\"changes\":[" + create("recipes", "r1",
                "{\"name\":\"soup\"}") + "]}").post("/v1/sync/push")
                .then().statusCode(400).body("errors.code", hasItem("unknown-collection"));
    }
}
