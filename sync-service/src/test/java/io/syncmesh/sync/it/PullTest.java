package io.syncmesh.sync.it;

import static io.restassured.RestAssured.given;
import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.sync.retention.RetentionJob;

/** Pull: full snapshots in pages, incremental cursors that never skip, and the retention horizon. */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class PullTest {

    static MeshTopics topics;

    @Inject
    RetentionJob retention;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    private static JsonPath pull(String tenant, String collections, String cursor, int limit) {
        var request = given().queryParam("device", "puller").queryParam("collections", collections)
                .queryParam("limit", limit);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        return request.get("/internal/v1/tenants/{t}/pull", tenant).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void fullSyncOfTenThousandEntitiesInPagesReturnsEachLiveEntityExactlyOnce() {
        String tenant = Envelopes.uniqueTenant();
        List<ChangeEnvelope> creates = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            creates.add(create(tenant, "dev-" + (i % 7), i % 2 == 0 ? "notes" : "tasks", "e" + i, fields("i", i), i));
        }
        topics.send(creates);
        await().atMost(Duration.ofMinutes(2)).until(
                () -> Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant) == 10_000);
        // A few deletions: tombstones are not part of a fresh snapshot.
        topics.send(Envelopes.delete(tenant, "dev-0", "notes", "e0", 1, 100_000),
                Envelopes.delete(tenant, "dev-0", "notes", "e2", 1, 100_001));
        await().atMost(Duration.ofMinutes(1)).until(
                () -> Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ? AND deleted", tenant) == 2);

        Map<String, Integer> seen = new HashMap<>();
        String cursor = null;
        int pages = 0;
        boolean hasMore;
        do {
            JsonPath page = pull(tenant, "notes,tasks", cursor, 1000);
            List<String> ids = page.getList("entities.id");
            ids.forEach(id -> seen.merge(id, 1, Integer::sum));
            cursor = page.getString("cursor");
            hasMore = page.getBoolean("hasMore");
            pages++;
        } while (hasMore && pages < 100);

        assertThat(seen).hasSize(9_998).doesNotContainKeys("e0", "e2");
        assertThat(seen.values()).allMatch(count -> count == 1);
        assertThat(pages).isGreaterThanOrEqualTo(10);
        // The snapshot's cursor continues with what changed since it began: nothing is older than the snapshot.
        JsonPath after = pull(tenant, "notes,tasks", cursor, 1000);
        assertThat(after.getList("entities")).isEmpty();
    }

    @Test
    void cursorNeverSkipsAChangeCommittedLaterWithALowerSequenceNumber() throws Exception {
        String tenant = Envelopes.uniqueTenant();
        String start = pull(tenant, "notes", null, 100).getString("cursor");

        try (Connection first = Db.connect(); Connection second = Db.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // The first transaction takes the lower sequence number and the lower transaction id...
            insertEntityWithLogRow(first, tenant, "early");
            // ...the second commits first, with a higher sequence number.
            insertEntityWithLogRow(second, tenant, "late");
            second.commit();

            JsonPath whileFirstRuns = pull(tenant, "notes", start, 100);
            assertThat(whileFirstRuns.getList("entities.id", String.class)).doesNotContain("early");
            String cursor = whileFirstRuns.getString("cursor");

            first.commit();
            List<String> delivered = new ArrayList<>(whileFirstRuns.getList("entities.id", String.class));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath next = pull(tenant, "notes", cursor, 100);
                assertThat(next.getList("entities.id", String.class)).contains("early");
            });
            delivered.addAll(pull(tenant, "notes", cursor, 100).getList("entities.id", String.class));
            assertThat(delivered).contains("early", "late");
        }
    }

    private static void insertEntityWithLogRow(Connection conn, String tenant, String id) throws Exception {
        try (PreparedStatement log = conn.prepareStatement("""
                INSERT INTO sync.change_log (tenant, collection, entity_id, version, change_id, device)
                VALUES (?, 'notes', ?, 1, ?, 'dev-x')""")) {
            log.setString(1, tenant);
            log.setString(2, id);
            log.setString(3, "c-" + id);
            log.executeUpdate();
        }
        Db.insertEntity(conn, tenant, "notes", id, false);
    }

    @Test
    void cursorOlderThanTheRetentionHorizonGetsResyncRequired() {
        String tenant = Envelopes.uniqueTenant();
        String before = pull(tenant, "notes", null, 100).getString("cursor");
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "gone", fields("x", 1), 1);
        topics.send(created);
        await().atMost(Duration.ofSeconds(60)).until(
                () -> Db.scalar("SELECT count(*) FROM sync.change_log WHERE tenant = ?", tenant) == 1);
        topics.send(Envelopes.delete(tenant, "dev-a", "notes", "gone", 1, 2));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> Db.scalar("SELECT count(*) FROM sync.change_log WHERE tenant = ?", tenant) == 2);

        retention.purge(Duration.ZERO, Duration.ZERO).await().atMost(Duration.ofSeconds(30));

        given().queryParam("device", "puller").queryParam("collections", "notes").queryParam("cursor", before)
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/resync-required"));
        // Starting over works: the tombstone is gone and so is the entity.
        assertThat(pull(tenant, "notes", null, 100).getList("entities")).isEmpty();
    }

    @Test
    void foreignOrMalformedCursorsAreRefusedWithProblemDetails() {
        String tenant = Envelopes.uniqueTenant();
        String forNotes = pull(tenant, "notes", null, 10).getString("cursor");
        given().queryParam("device", "d").queryParam("collections", "tasks").queryParam("cursor", forNotes)
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(400).body("type", equalTo("https://syncmesh.dev/problems/invalid-cursor"));
        given().queryParam("device", "d").queryParam("collections", "notes").queryParam("cursor", "garbage!")
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(400).body("type", equalTo("https://syncmesh.dev/problems/invalid-cursor"));
        given().queryParam("device", "d").queryParam("collections", "Bad Name")
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(400).body("type", equalTo("https://syncmesh.dev/problems/invalid-request"));
        given().queryParam("device", "d").queryParam("collections", "notes").queryParam("limit", 5000)
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(400).contentType("application/problem+json");
    }
}
