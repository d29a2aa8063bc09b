package io.syncmesh.conflict.it;

import static io.restassured.RestAssured.given;
import static io.syncmesh.conflict.it.Events.T0;
import static io.syncmesh.conflict.it.Events.atAttempt;
import static io.syncmesh.conflict.it.Events.concurrentEdit;
import static io.syncmesh.conflict.it.Events.fields;
import static io.syncmesh.conflict.it.Events.scalar;
import static io.syncmesh.conflict.it.Events.snapshot;
import static io.syncmesh.conflict.it.Events.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/** The conflict-service between sync.conflicts and sync.changes, on a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class ConflictIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static MeshTopics topics;
    static MeshTopics.Recorder changes;
    static MeshTopics.Recorder deadLetters;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
        changes = topics.record(Topics.CHANGES);
        deadLetters = topics.record(Topics.CHANGES_DLQ);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    static List<ChangeEnvelope> answersTo(ChangeEnvelope sent, int count) {
        return await().atMost(WAIT).until(() -> changes.changes(sent.tenant()).stream()
                .filter(e -> e.origin() == Origin.MERGE)
                .filter(e -> e.change().changeId().equals(sent.change().changeId())).toList(),
                list -> list.size() >= count);
    }

    @Test
    void disjointConcurrentEditsAreAnsweredWithAMergedChangeOnTheRemoteVersion() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope fromB = update(tenant, "dev-b", "notes", "n1", 1, fields("color", "red"), T0.plusSeconds(5));
        topics.sendConflicts(concurrentEdit(fromB, snapshot(1, fields("title", "t", "color", "white"), "dev-a", T0),
                snapshot(2, fields("title", "T2", "color", "white"), "dev-a", T0.plusSeconds(1))));

        ChangeEnvelope answer = answersTo(fromB, 1).get(0);

        assertThat(answer.verdict()).isEqualTo(Verdict.MERGED);
        assertThat(answer.attempt()).isEqualTo(1);
        assertThat(answer.change().baseVersion()).isEqualTo(2L);
        assertThat(answer.change().fields()).containsOnlyKeys("color");
        assertThat(answer.change().fields().get("color").asText()).isEqualTo("red");
        assertThat(answer.change().deviceSeq()).isEqualTo(fromB.change().deviceSeq());
        assertThat(answer.device()).isEqualTo("dev-b");
        assertThat(answer.conflictFields()).as("no field was changed by both sides").isNull();
    }

    @Test
    void fieldsBothSidesChangedAreCountedByCollectionFieldPolicyAndResult() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope fromB = update(tenant, "dev-b", "notes", "n1", 1, fields("title", "B", "secret", "x"),
                T0.plusSeconds(5));
        topics.sendConflicts(concurrentEdit(fromB, snapshot(1, fields("title", "t", "secret", "a"), "dev-a", T0),
                snapshot(2, fields("title", "A", "secret", "b"), "dev-a", T0.plusSeconds(1))));
        ChangeEnvelope answer = answersTo(fromB, 1).get(0);

        assertThat(answer.conflictFields()).as("the answer names the fields for the metrics-service")
                .isEqualTo(Map.of("title", "lww", "secret", "lww"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("syncmesh_conflict_fields_total{collection=\"notes\",field=\"title\","
                + "policy=\"lww\",result=\"merged\"}");
        assertThat(metrics).as("a field the registry does not name is not a label")
                .contains("field=\"other\"").doesNotContain("field=\"secret\"");
        assertThat(metrics).contains("syncmesh_conflict_answers_total{collection=\"notes\",outcome=\"merged\"}");
    }

    @Test
    void aMergedChangeThatMeetsAMovedEntityIsMergedAgainOneAttemptLater() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope merged = atAttempt(update(tenant, "dev-b", "notes", "n1", 2, fields("color", "red"),
                T0.plusSeconds(5)), 2);
        topics.sendConflicts(concurrentEdit(merged, snapshot(2, fields("title", "t", "color", "white"), "dev-a", T0),
                snapshot(3, fields("title", "T3", "color", "white"), "dev-c", T0.plusSeconds(2))));

        ChangeEnvelope answer = answersTo(merged, 1).get(0);

        assertThat(answer.verdict()).isEqualTo(Verdict.MERGED);
        assertThat(answer.attempt()).isEqualTo(3);
        assertThat(answer.change().baseVersion()).isEqualTo(3L);
    }

    @Test
    void afterFiveMergesAChangeThatStillConflictsBecomesAManualItem() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope fifth = atAttempt(update(tenant, "dev-b", "notes", "n1", 6, fields("color", "red"),
                T0.plusSeconds(5)), 5);
        topics.sendConflicts(concurrentEdit(fifth, snapshot(6, fields("title", "t", "color", "white"), "dev-a", T0),
                snapshot(7, fields("title", "T7", "color", "blue"), "dev-c", T0.plusSeconds(2))));

        ChangeEnvelope answer = answersTo(fifth, 1).get(0);

        assertThat(answer.verdict()).isEqualTo(Verdict.MANUAL);
        assertThat(answer.attempt()).isEqualTo(6);
        assertThat(answer.conflictId()).isNotBlank();
        given().get("/internal/v1/tenants/{t}/conflicts/{id}", tenant, answer.conflictId())
                .then().statusCode(200)
                .body("reason", equalTo("merge-limit"), "status", equalTo("open"),
                        "changeId", equalTo(fifth.change().changeId()), "remoteVersion", equalTo(7),
                        "conflicts[0].field", equalTo("color"), "conflicts[0].local", equalTo("red"),
                        "conflicts[0].remote", equalTo("blue"));
    }

    @Test
    void replayedConflictEventsGetTheSameAnswerAndCreateNoSecondItemOrMergedChange() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope toMerge = update(tenant, "dev-b", "notes", "m1", 1, fields("color", "red"), T0);
        ConflictEvent mergeable = concurrentEdit(toMerge, snapshot(1, fields("color", "white"), "dev-a", T0),
                snapshot(2, fields("color", "white", "title", "x"), "dev-a", T0));
        ChangeEnvelope toQueue = update(tenant, "dev-b", "budgets", "b1", 1, fields("amount", 150), T0);
        ConflictEvent manual = concurrentEdit(toQueue, snapshot(1, fields("amount", 100), "dev-a", T0),
                snapshot(2, fields("amount", 120), "dev-a", T0));

        topics.sendConflicts(mergeable, manual);
        answersTo(toMerge, 1);
        answersTo(toQueue, 1);
        topics.sendConflicts(mergeable, manual);

        List<ChangeEnvelope> merges = answersTo(toMerge, 2);
        List<ChangeEnvelope> manuals = answersTo(toQueue, 2);
        assertThat(merges).hasSize(2);
        assertThat(merges.get(1)).as("the replay is answered with the stored answer").isEqualTo(merges.get(0));
        assertThat(manuals.get(1)).isEqualTo(manuals.get(0));
        assertThat(manuals.get(0).verdict()).isEqualTo(Verdict.MANUAL);
        assertThat(manuals.get(0).conflictFields()).containsOnlyKeys("amount");
        assertThat(scalar("SELECT count(*) FROM conflicts.item WHERE tenant = ?", tenant)).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM conflicts.answer WHERE tenant = ?", tenant)).isEqualTo(2);
    }

    @Test
    void aResolutionThatHadToBeMergedKeepsTheIdOfTheItemItDecides() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope client = update(tenant, "dev-b", "notes", "n1", 1, fields("color", "red"), T0);
        ChangeEnvelope resolution = new ChangeEnvelope(ChangeEnvelope.TYPE, ChangeEnvelope.SCHEMA_VERSION, tenant,
                "dev-b", T0, client.change(), Origin.RESOLUTION, 0, client.conflictMode(), null, "item-7", null, null);
        topics.sendConflicts(concurrentEdit(resolution, snapshot(1, fields("color", "white"), "dev-a", T0),
                snapshot(2, fields("color", "white", "title", "x"), "dev-a", T0)));

        ChangeEnvelope answer = answersTo(resolution, 1).get(0);

        assertThat(answer.verdict()).isEqualTo(Verdict.MERGED);
        assertThat(answer.conflictId()).isEqualTo("item-7");
    }

    @Test
    void aChangeOfACollectionTheRegistryNoLongerDeclaresIsRejected() {
        String tenant = Events.uniqueTenant();
        ChangeEnvelope gone = update(tenant, "dev-b", "recipes", "r1", 1, fields("name", "soup"), T0);
        topics.sendConflicts(concurrentEdit(gone, snapshot(1, fields("name", "x"), "dev-a", T0),
                snapshot(2, fields("name", "y"), "dev-a", T0)));

        ChangeEnvelope answer = answersTo(gone, 1).get(0);

        assertThat(answer.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(answer.code()).isEqualTo(ReceiptCodes.UNKNOWN_COLLECTION);
    }

    @Test
    void anUnparseableConflictEventGoesToTheDeadLetterTopicWithItsErrorCode() {
        String key = "t-poison/notes/" + Events.uniqueTenant();
        topics.sendRaw(Topics.CONFLICTS, key, "{not json");

        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(() -> deadLetters.records().stream()
                .filter(r -> key.equals(r.key())).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(new String(dead.headers().lastHeader(Topics.HEADER_DLQ_CODE).value(), StandardCharsets.UTF_8))
                .isEqualTo("unparseable");
        assertThat(new String(dead.headers().lastHeader(Topics.HEADER_DLQ_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.CONFLICTS);
    }
}
