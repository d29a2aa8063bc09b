package io.syncmesh.sync.it;

import static io.restassured.RestAssured.given;
import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static io.syncmesh.sync.it.Envelopes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/** The apply path on a real Kafka broker and a real PostgreSQL: DESIGN.md section 5. */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class ApplyPathTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static MeshTopics topics;
    static MeshTopics.Recorder results;
    static MeshTopics.Recorder conflicts;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
        results = topics.record(Topics.RESULTS);
        conflicts = topics.record(Topics.CONFLICTS);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    private static ResultEvent receiptOf(String tenant, String changeId) {
        return await().atMost(WAIT).until(() -> results.receipts(tenant).stream()
                .filter(r -> r.receipt().changeId().equals(changeId)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void appliedChangeIsReadableThroughPullAndEntityRead() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "n1", fields("title", "Milk", "count", 2), 1);
        topics.send(created);

        ResultEvent receipt = receiptOf(tenant, created.change().changeId());
        assertThat(receipt.receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(receipt.receipt().version()).isEqualTo(1L);
        assertThat(receipt.device()).isEqualTo("dev-a");

        given().get("/internal/v1/tenants/{t}/entities/notes/n1", tenant)
                .then().statusCode(200)
                .header("ETag", "\"v1\"")
                .body("version", equalTo(1), "fields.title", equalTo("Milk"), "fields.count", equalTo(2),
                        "deleted", equalTo(false), "updatedBy", equalTo("dev-a"));
        given().header("If-None-Match", "\"v1\"").get("/internal/v1/tenants/{t}/entities/notes/n1", tenant)
                .then().statusCode(304);
        given().queryParam("device", "dev-b").queryParam("collections", "notes")
                .get("/internal/v1/tenants/{t}/pull", tenant)
                .then().statusCode(200)
                .body("entities.size()", equalTo(1), "entities[0].id", equalTo("n1"),
                        "entities[0].fields.title", equalTo("Milk"), "hasMore", equalTo(false));
    }

    @Test
    void replayedBatchAppliesNothingTwiceAndGetsTheOriginalReceipts() {
        String tenant = Envelopes.uniqueTenant();
        List<ChangeEnvelope> batch = new ArrayList<>();
        batch.add(create(tenant, "dev-a", "notes", "r1", fields("title", "one"), 1));
        batch.add(create(tenant, "dev-a", "notes", "r2", fields("title", "two"), 2));
        topics.send(batch);
        batch.forEach(e -> receiptOf(tenant, e.change().changeId()));

        // The same change ids again, one of them with a different payload: nothing may change.
        List<ChangeEnvelope> replay = List.of(batch.get(0),
                Envelopes.envelope(tenant, "dev-a", batch.get(1).change().withFields(fields("title", "CHANGED")),
                        ConflictMode.MERGE));
        topics.send(replay);

        await().atMost(WAIT).untilAsserted(() -> assertThat(results.receipts(tenant))
                .filteredOn(r -> r.receipt().status() == ReceiptStatus.DUPLICATE).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.receipt().originalStatus()).isEqualTo(ReceiptStatus.APPLIED);
                    assertThat(r.receipt().version()).isEqualTo(1L);
                }));
        assertThat(Db.scalar("SELECT count(*) FROM sync.entity_history WHERE tenant = ?", tenant)).isEqualTo(2);
        assertThat(Db.scalar("SELECT count(*) FROM sync.change_log WHERE tenant = ?", tenant)).isEqualTo(2);
        assertThat(Db.text("SELECT fields->>'title' FROM sync.entity WHERE tenant = ? AND entity_id = 'r2'", tenant))
                .isEqualTo("two");
    }

    @Test
    void thousandUpdatesOfOneEntityEndAtVersion1001WithTheLastValue() {
        String tenant = Envelopes.uniqueTenant();
        List<ChangeEnvelope> all = new ArrayList<>();
        all.add(create(tenant, "dev-a", "notes", "hot", fields("n", 0), 0));
        for (int i = 1; i <= 1000; i++) {
            all.add(update(tenant, "dev-a", "notes", "hot", i, fields("n", i), i));
        }
        // Sent in chunks so that the consumer sees them spread over many polls and batches.
        for (int from = 0; from < all.size(); from += 37) {
            topics.send(all.subList(from, Math.min(all.size(), from + 37)));
        }
        String last = all.get(all.size() - 1).change().changeId();
        assertThat(receiptOf(tenant, last).receipt().version()).isEqualTo(1001L);
        assertThat(Db.scalar("SELECT version FROM sync.entity WHERE tenant = ? AND entity_id = 'hot'", tenant))
                .isEqualTo(1001);
        assertThat(Db.text("SELECT fields->>'n' FROM sync.entity WHERE tenant = ? AND entity_id = 'hot'", tenant))
                .isEqualTo("1000");
        assertThat(results.receipts(tenant)).hasSize(1001)
                .allSatisfy(r -> assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.APPLIED));
    }

    @Test
    void secondDeviceOnTheSameBaseBecomesPendingWithAConflictEventCarryingBaseAndRemote() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "c1", fields("title", "base", "body", "b0"), 1);
        topics.send(created);
        receiptOf(tenant, created.change().changeId());

        ChangeEnvelope fromA = update(tenant, "dev-a", "notes", "c1", 1, fields("title", "from A"), 2);
        ChangeEnvelope fromB = update(tenant, "dev-b", "notes", "c1", 1, fields("body", "from B"), 1);
        topics.send(fromA, fromB);

        assertThat(receiptOf(tenant, fromA.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(receiptOf(tenant, fromB.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.PENDING);
        ConflictEvent event = await().atMost(WAIT).until(() -> conflicts.conflicts(tenant), list -> !list.isEmpty())
                .get(0);
        assertThat(event.envelope().change().changeId()).isEqualTo(fromB.change().changeId());
        assertThat(event.reason()).isEqualTo(ConflictEvent.REASON_CONCURRENT_EDIT);
        assertThat(event.base().version()).isEqualTo(1);
        assertThat(event.base().fields().get("title").asText()).isEqualTo("base");
        assertThat(event.remote().version()).isEqualTo(2);
        assertThat(event.remote().fields().get("title").asText()).isEqualTo("from A");
        assertThat(event.remote().fieldMeta().get("title").device()).isEqualTo("dev-a");
        assertThat(event.remote().fieldMeta().get("title").version()).isEqualTo(2);
        assertThat(Db.text("SELECT status FROM sync.change_outcome WHERE tenant = ? AND change_id = ?", tenant,
                fromB.change().changeId())).isEqualTo("pending");
    }

    @Test
    void oneDevicesOfflineChainOnTheSameBaseAppliesWithoutConflict() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "chain", fields("a", 0, "b", 0, "c", 0), 1);
        topics.send(created);
        receiptOf(tenant, created.change().changeId());

        // Offline, dev-a edits three times; its outbox sends each with the base it last saw (1), one per push.
        ChangeEnvelope first = update(tenant, "dev-a", "notes", "chain", 1, fields("a", 1), 2);
        ChangeEnvelope second = update(tenant, "dev-a", "notes", "chain", 1, fields("b", 2), 3);
        ChangeEnvelope third = update(tenant, "dev-a", "notes", "chain", 1, fields("c", 3), 4);
        topics.send(first);
        topics.send(second);
        topics.send(third);

        assertThat(receiptOf(tenant, third.change().changeId()).receipt().version()).isEqualTo(4L);
        assertThat(results.receipts(tenant)).allSatisfy(
                r -> assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.APPLIED));
        assertThat(conflicts.conflicts(tenant)).isEmpty();
        assertThat(Db.text("SELECT fields::text FROM sync.entity WHERE tenant = ? AND entity_id = 'chain'", tenant))
                .contains("\"a\": 1", "\"b\": 2", "\"c\": 3");
    }

    @Test
    void laterChangeWithAMatchingBaseFollowsAnInFlightConflictInsteadOfOvertakingIt() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "f1", fields("x", "0"), 1);
        ChangeEnvelope fromA = update(tenant, "dev-a", "notes", "f1", 1, fields("x", "a"), 2);
        ChangeEnvelope fromB = update(tenant, "dev-b", "notes", "f1", 1, fields("x", "b"), 1);
        topics.send(created, fromA, fromB);
        assertThat(receiptOf(tenant, fromB.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.PENDING);

        // dev-c saw version 2 and edits on it: its base matches, but dev-b's change is still in the conflict path.
        ChangeEnvelope fromC = update(tenant, "dev-c", "notes", "f1", 2, fields("x", "c"), 1);
        topics.send(fromC);
        assertThat(receiptOf(tenant, fromC.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(Db.scalar("SELECT count(*) FROM sync.queued_change WHERE tenant = ?", tenant)).isEqualTo(1);
        assertThat(Db.scalar("SELECT version FROM sync.entity WHERE tenant = ? AND entity_id = 'f1'", tenant))
                .as("not applied ahead of the change in the conflict path").isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .as("the waiting change is counted as a deferral").containsPattern("sync_deferrals_total [1-9]"));

        // The conflict-service returns dev-b's change merged onto version 2: it applies first, and dev-c's change,
        // now behind version 3, follows it to the conflict path with the base it was made on.
        ChangeEnvelope mergedB = fromB.returning(fromB.change().withBaseVersion(2L), Verdict.MERGED, null, null);
        topics.send(mergedB);
        List<ConflictEvent> events = await().atMost(WAIT).until(() -> conflicts.conflicts(tenant),
                list -> list.size() == 2);
        assertThat(events).extracting(e -> e.envelope().change().changeId())
                .containsExactly(fromB.change().changeId(), fromC.change().changeId());
        assertThat(events.get(1).base().version()).isEqualTo(2);
        assertThat(events.get(1).remote().version()).isEqualTo(3);
        assertThat(events.get(1).remote().fields().get("x").asText()).isEqualTo("b");

        ChangeEnvelope mergedC = fromC.returning(fromC.change().withBaseVersion(3L), Verdict.MERGED, null, null);
        topics.send(mergedC);
        await().atMost(WAIT).untilAsserted(() -> assertThat(results.receipts(tenant))
                .filteredOn(r -> r.receipt().status() == ReceiptStatus.MERGED)
                .extracting(r -> r.receipt().changeId(), r -> r.receipt().version())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(fromB.change().changeId(), 3L),
                        org.assertj.core.groups.Tuple.tuple(fromC.change().changeId(), 4L)));
        assertThat(Db.text("SELECT fields->>'x' FROM sync.entity WHERE tenant = ? AND entity_id = 'f1'", tenant))
                .isEqualTo("c");
        assertThat(Db.text("SELECT string_agg(written_by, ',' ORDER BY version) FROM sync.entity_history"
                + " WHERE tenant = ? AND entity_id = 'f1'", tenant)).isEqualTo("dev-a,dev-a,dev-b,dev-c");
        assertThat(Db.scalar("SELECT detours FROM sync.entity WHERE tenant = ? AND entity_id = 'f1'", tenant))
                .isZero();
        assertThat(Db.scalar("SELECT count(*) FROM sync.queued_change WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void clientSideModeRejectsAStaleBaseWithTheCurrentEntity() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "p1", fields("x", "0"), 1);
        ChangeEnvelope fromA = update(tenant, "dev-a", "notes", "p1", 1, fields("x", "a"), 2);
        topics.send(created, fromA);
        receiptOf(tenant, fromA.change().changeId());

        ChangeEnvelope stale = Envelopes.envelope(tenant, "dev-b", new Change(Envelopes.changeId(), "notes", "p1",
                Op.UPDATE, 1L, fields("x", "b"), null, 1L, List.of()), ConflictMode.REJECT);
        topics.send(stale);

        ResultEvent receipt = receiptOf(tenant, stale.change().changeId());
        assertThat(receipt.receipt().status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(receipt.receipt().code()).isEqualTo(ReceiptCodes.PRECONDITION_FAILED);
        assertThat(receipt.current().version()).isEqualTo(2);
        assertThat(receipt.current().fields().get("x").asText()).isEqualTo("a");
        assertThat(conflicts.conflicts(tenant)).isEmpty();
    }

    @Test
    void sameCollectionAndIdUnderTwoTenantsNeverMix() {
        String tenantA = Envelopes.uniqueTenant();
        String tenantB = Envelopes.uniqueTenant();
        ChangeEnvelope inA = create(tenantA, "dev-a", "notes", "shared", fields("owner", "A"), 1);
        ChangeEnvelope inB = create(tenantB, "dev-a", "notes", "shared", fields("owner", "B"), 1);
        topics.send(inA, inB);

        // Both are creates of version 1: neither tenant's entity exists for the other.
        assertThat(receiptOf(tenantA, inA.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(receiptOf(tenantB, inB.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
        // The same change id in another tenant is another change, not a replay.
        ChangeEnvelope sameIdInB = Envelopes.envelope(tenantB, "dev-a",
                new Change(inA.change().changeId(), "notes", "other", Op.CREATE, null, fields("owner", "B2"), null,
                        2L, List.of()),
                ConflictMode.MERGE);
        topics.send(sameIdInB);
        await().atMost(WAIT).untilAsserted(() -> assertThat(results.receipts(tenantB))
                .anySatisfy(r -> {
                    assertThat(r.receipt().entityId()).isEqualTo("other");
                    assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
                }));

        given().get("/internal/v1/tenants/{t}/entities/notes/shared", tenantA).then().body("fields.owner",
                equalTo("A"));
        given().get("/internal/v1/tenants/{t}/entities/notes/shared", tenantB).then().body("fields.owner",
                equalTo("B"));
        given().get("/internal/v1/tenants/{t}/entities/notes/other", tenantA).then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("device", "dev-a").queryParam("collections", "notes")
                .get("/internal/v1/tenants/{t}/pull", tenantA)
                .then().body("entities.size()", equalTo(1), "entities[0].fields.owner", equalTo("A"),
                        "receipts.size()", equalTo(1));
    }

    @Test
    void changeWaitsForItsDependencyAndAppliesOnceTheDependencyIsApplied() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope parent = create(tenant, "dev-a", "lists", "parent", fields("name", "groceries"), 1);
        ChangeEnvelope child = Envelopes.envelope(tenant, "dev-a", new Change(Envelopes.changeId(), "items", "child",
                Op.CREATE, null, fields("list", "parent"), null, 2L, List.of(parent.change().changeId())),
                ConflictMode.MERGE);
        // The child arrives first (another partition, an earlier push): it must wait for the parent.
        topics.send(child);
        assertThat(receiptOf(tenant, child.change().changeId()).receipt().status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isZero();

        topics.send(parent);
        await().atMost(WAIT).untilAsserted(() -> assertThat(results.receipts(tenant))
                .filteredOn(r -> r.receipt().changeId().equals(child.change().changeId()))
                .extracting(r -> r.receipt().status())
                .contains(ReceiptStatus.APPLIED));
        assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isEqualTo(2);
        assertThat(Db.scalar("SELECT count(*) FROM sync.queued_change WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void changeWhoseDependencyNeverArrivesIsRejectedWithDependencyMissing() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope orphan = Envelopes.envelope(tenant, "dev-a", new Change(Envelopes.changeId(), "items", "orphan",
                Op.CREATE, null, fields("list", "nowhere"), null, 1L, List.of("never-sent")), ConflictMode.MERGE);
        topics.send(orphan);

        // The test profile waits 4 s for dependencies (sync.deferral.max-wait).
        await().atMost(WAIT).untilAsserted(() -> assertThat(results.receipts(tenant))
                .anySatisfy(r -> {
                    assertThat(r.receipt().changeId()).isEqualTo(orphan.change().changeId());
                    assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.REJECTED);
                    assertThat(r.receipt().code()).isEqualTo(ReceiptCodes.DEPENDENCY_MISSING);
                }));
        assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isZero();
        assertThat(Db.scalar("SELECT count(*) FROM sync.queued_change WHERE tenant = ?", tenant)).isZero();
    }

    @Test
    void metricsCountAppliedBatchesAndReceiptsByStatus() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "m1", fields("x", 1), 1);
        topics.send(created);
        receiptOf(tenant, created.change().changeId());

        // The batch is counted right after its events are acknowledged, a moment after the receipt is visible.
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("sync_receipts_total\\{[^}]*status=\"applied\"[^}]*\\} [1-9]");
            assertThat(metrics).containsPattern("sync_apply_batch_size_changes_count(\\{[^}]*\\})? [1-9]");
            assertThat(metrics).contains("sync_apply_batch_duration_seconds_bucket");
        });
    }

    @Test
    void storedOutcomesCanBeQueriedByChangeIdWithinTheTenantOnly() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "q1", fields("x", 1), 1);
        topics.send(created);
        receiptOf(tenant, created.change().changeId());
        String body = "{\"changeIds\":[\"" + created.change().changeId() + "\",\"never-sent\"]}";

        given().contentType("application/json").body(body)
                .post("/internal/v1/tenants/{t}/receipts/query", tenant)
                .then().statusCode(200)
                .body("receipts.size()", equalTo(1), "receipts[0].changeId", equalTo(created.change().changeId()),
                        "receipts[0].status", equalTo("applied"), "receipts[0].version", equalTo(1));
        given().contentType("application/json").body(body)
                .post("/internal/v1/tenants/{t}/receipts/query", Envelopes.uniqueTenant())
                .then().statusCode(200).body("receipts.size()", equalTo(0));
        given().contentType("application/json").body("{\"changeIds\":[\"bad id!\"]}")
                .post("/internal/v1/tenants/{t}/receipts/query", tenant)
                .then().statusCode(400).contentType("application/problem+json");
    }
}
