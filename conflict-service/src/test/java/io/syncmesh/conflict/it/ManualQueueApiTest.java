package io.syncmesh.conflict.it;

import static io.restassured.RestAssured.given;
import static io.syncmesh.conflict.it.Events.T0;
import static io.syncmesh.conflict.it.Events.concurrentEdit;
import static io.syncmesh.conflict.it.Events.fields;
import static io.syncmesh.conflict.it.Events.snapshot;
import static io.syncmesh.conflict.it.Events.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/** The manual queue's API: list, read, resolve and dismiss, and the change a resolution submits. */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class ManualQueueApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACTOR = "X-Syncmesh-Actor";

    static MeshTopics topics;
    static MeshTopics.Recorder changes;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
        changes = topics.record(Topics.CHANGES);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    static RequestSpecification operator() {
        return given().header(ACTOR, "ops-1");
    }

    /** Queues a budget conflict (a critical collection): amount 100 became 120 on the server and 150 on dev-b. */
    static String queueBudgetConflict(String tenant, String entityId) {
        ChangeEnvelope fromB = update(tenant, "dev-b", "budgets", entityId, 1,
                fields("amount", 150, "note", "trip"), T0);
        topics.sendConflicts(concurrentEdit(fromB, snapshot(1, fields("amount", 100, "note", ""), "dev-a", T0),
                snapshot(2, fields("amount", 120, "note", ""), "dev-a", T0)));
        return awaitAnswer(fromB).conflictId();
    }

    static ChangeEnvelope awaitAnswer(ChangeEnvelope sent) {
        ChangeEnvelope answer = await().atMost(WAIT).until(() -> changes.changes(sent.tenant()).stream()
                .filter(e -> e.origin() == Origin.MERGE && e.change().changeId().equals(sent.change().changeId()))
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(answer.verdict()).isEqualTo(Verdict.MANUAL);
        return answer;
    }

    static ChangeEnvelope resolutionOf(String tenant, String itemId) {
        return await().atMost(WAIT).until(() -> changes.changes(tenant).stream()
                .filter(e -> e.origin() == Origin.RESOLUTION && itemId.equals(e.conflictId())).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    @Test
    void anItemShowsBaseLocalRemoteTheConflictingFieldsAndWhatMergedOnItsOwn() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "b1");

        given().get("/internal/v1/tenants/{t}/conflicts/{id}", tenant, id).then().statusCode(200)
                .body("status", equalTo("open"), "reason", equalTo("field-conflict"), "collection",
                        equalTo("budgets"), "entityId", equalTo("b1"), "device", equalTo("dev-b"),
                        "remoteVersion", equalTo(2), "base.amount", equalTo(100), "local.amount", equalTo(150),
                        "remote.amount", equalTo(120), "conflicts", hasSize(1),
                        "conflicts[0].field", equalTo("amount"), "conflicts[0].why", equalTo("critical"),
                        "proposal.note", equalTo("trip"));
    }

    @Test
    void resolvingSubmitsTheProposalPlusTheChosenValuesAsANewChangeOnTheRemoteVersion() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "b2");

        operator().contentType("application/json").body("{\"values\":{\"amount\":135}}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(200)
                .body("status", equalTo("resolved"), "decidedBy", equalTo("ops-1"), "resolution.amount",
                        equalTo(135), "resolutionChangeId", equalTo("resolve-" + id));

        ChangeEnvelope resolution = resolutionOf(tenant, id);
        assertThat(resolution.device()).as("the receipt goes to the device whose change conflicted")
                .isEqualTo("dev-b");
        assertThat(resolution.change().changeId()).isEqualTo("resolve-" + id);
        assertThat(resolution.change().op()).isEqualTo(Op.UPDATE);
        assertThat(resolution.change().baseVersion()).isEqualTo(2L);
        assertThat(resolution.change().fields()).containsOnlyKeys("amount", "note");
        assertThat(resolution.change().fields().get("amount").asInt()).isEqualTo(135);
        assertThat(resolution.change().fields().get("note").asText()).isEqualTo("trip");
        assertThat(Events.scalar("SELECT count(*) FROM conflicts.item WHERE id = ? AND resolution_unsent IS NULL",
                id)).as("marked sent once Kafka acknowledged it").isEqualTo(1);

        operator().contentType("application/json").body("{\"take\":\"remote\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/conflict-closed"));
    }

    @Test
    void aResolutionKafkaDidNotAcknowledgeIsSentAgainByTheOutbox() throws Exception {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "o1");
        operator().contentType("application/json").body("{\"take\":\"local\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id).then().statusCode(200);
        ChangeEnvelope sent = resolutionOf(tenant, id);

        // As if the service had stopped between storing the resolution and Kafka's acknowledgement.
        try (Connection conn = SyncMeshTestResource.database().connect();
                PreparedStatement unsent = conn.prepareStatement(
                        "UPDATE conflicts.item SET resolution_unsent = ? WHERE id = ?")) {
            unsent.setString(1, SyncJson.write(sent));
            unsent.setString(2, id);
            assertThat(unsent.executeUpdate()).isEqualTo(1);
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(changes.changes(tenant))
                .filteredOn(e -> e.origin() == Origin.RESOLUTION).hasSize(2).allMatch(sent::equals));
        await().atMost(WAIT).until(() -> Events.scalar(
                "SELECT count(*) FROM conflicts.item WHERE id = ? AND resolution_unsent IS NULL", id) == 1);
    }

    @Test
    void takingASideDecidesEveryConflictingFieldAtOnce() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "b3");

        operator().contentType("application/json").body("{\"take\":\"remote\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(200).body("resolution.amount", equalTo(120));

        ChangeEnvelope resolution = resolutionOf(tenant, id);
        assertThat(resolution.change().fields()).as("the remote amount is already there; the proposal is not")
                .containsOnlyKeys("note");
    }

    @Test
    void aResolutionThatLeavesAConflictingFieldUndecidedOrNamesAnotherFieldIsRefused() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "b4");

        operator().contentType("application/json").body("{\"values\":{}}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/invalid-resolution"));
        operator().contentType("application/json").body("{\"take\":\"local\",\"values\":{\"owner\":\"x\"}}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(422);
        operator().contentType("application/json").body("{\"take\":\"mine\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(422);
        operator().contentType("application/json").body("{not json")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"take\":\"local\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id)
                .then().statusCode(400).contentType("application/problem+json");

        given().get("/internal/v1/tenants/{t}/conflicts/{id}", tenant, id).then().statusCode(200)
                .body("status", equalTo("open"), "decidedBy", nullValue());
    }

    @Test
    void dismissingLeavesTheRemoteStateAndSubmitsNothing() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "b5");

        operator().post("/internal/v1/tenants/{t}/conflicts/{id}/dismiss", tenant, id)
                .then().statusCode(200).body("status", equalTo("dismissed"), "decidedBy", equalTo("ops-1"));

        operator().post("/internal/v1/tenants/{t}/conflicts/{id}/dismiss", tenant, id).then().statusCode(409);
        assertThat(changes.changes(tenant)).noneMatch(e -> e.origin() == Origin.RESOLUTION);
    }

    @Test
    void anUpdateAgainstADeleteIsDecidedAsAWholeAndTakingTheUpdateBringsTheEntityBack() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope fromB = update(tenant, "dev-b", "budgets", "b6", 1, fields("amount", 150), T0);
        topics.sendConflicts(concurrentEdit(fromB, snapshot(1, fields("amount", 100, "note", "n"), "dev-a", T0),
                Events.tombstone(2, "dev-a", T0)));
        String id = awaitAnswer(fromB).conflictId();
        given().get("/internal/v1/tenants/{t}/conflicts/{id}", tenant, id).then().statusCode(200)
                .body("reason", equalTo("update-vs-delete"), "remoteDeleted", equalTo(true));

        operator().contentType("application/json").body("{\"values\":{\"amount\":1}}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id).then().statusCode(422);
        operator().contentType("application/json").body("{\"take\":\"local\"}")
                .post("/internal/v1/tenants/{t}/conflicts/{id}/resolve", tenant, id).then().statusCode(200);

        ChangeEnvelope resolution = resolutionOf(tenant, id);
        assertThat(resolution.change().op()).isEqualTo(Op.UPDATE);
        assertThat(resolution.change().fields()).as("the whole local entity").containsOnlyKeys("amount", "note");
    }

    @Test
    void theListIsFilteredByCollectionStatusAndAgeAndPagedOldestFirst() {
        String tenant = Events.uniqueTenant();
        String first = queueBudgetConflict(tenant, "l1");
        String second = queueBudgetConflict(tenant, "l2");
        String third = queueBudgetConflict(tenant, "l3");
        operator().post("/internal/v1/tenants/{t}/conflicts/{id}/dismiss", tenant, third).then().statusCode(200);

        String next = given().queryParam("status", "open").queryParam("limit", 1)
                .get("/internal/v1/tenants/{t}/conflicts", tenant).then().statusCode(200)
                .body("items", hasSize(1), "items[0].id", equalTo(first)).extract().path("next");
        given().queryParam("status", "open").queryParam("limit", 1).queryParam("cursor", next)
                .get("/internal/v1/tenants/{t}/conflicts", tenant).then().statusCode(200)
                .body("items", hasSize(1), "items[0].id", equalTo(second), "next", nullValue());

        List<String> all = given().queryParam("collection", "budgets")
                .get("/internal/v1/tenants/{t}/conflicts", tenant).then().statusCode(200).extract().path("items.id");
        assertThat(all).containsExactly(first, second, third);
        given().queryParam("collection", "notes").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(200).body("items", hasSize(0));
        given().queryParam("olderThan", "PT1H").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(200).body("items", hasSize(0));
        given().queryParam("olderThan", "PT0S").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(200).body("items", hasSize(3));

        // The queue's size and oldest open item over all tenants, for the metrics-service.
        given().get("/internal/v1/queue-stats").then().statusCode(200)
                .body("openItems", org.hamcrest.Matchers.greaterThanOrEqualTo(2),
                        "oldestOpenCreatedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anotherTenantsItemIsNotFoundAndBadQueriesAreProblems() {
        String tenant = Events.uniqueTenant();
        String id = queueBudgetConflict(tenant, "x1");

        given().get("/internal/v1/tenants/{t}/conflicts/{id}", "someone-else", id).then().statusCode(404)
                .contentType("application/problem+json");
        operator().post("/internal/v1/tenants/{t}/conflicts/{id}/dismiss", "someone-else", id)
                .then().statusCode(404);
        given().queryParam("cursor", "garbage").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(400).body("type", equalTo("https://syncmesh.dev/problems/invalid-cursor"));
        given().queryParam("status", "maybe").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(400);
        given().queryParam("olderThan", "yesterday").get("/internal/v1/tenants/{t}/conflicts", tenant)
                .then().statusCode(400);
        given().queryParam("limit", 0).get("/internal/v1/tenants/{t}/conflicts", tenant).then().statusCode(400);
    }

}
