package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static io.syncmesh.sync.it.Envelopes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/**
 * A change's receipts carry the trace context its record came with, also when it waited in its entity's queue and
 * leaves it later, released by another change or by the queue retrier (DESIGN.md section 4).
 */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class TracePropagationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static MeshTopics topics;
    static MeshTopics.Recorder results;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
        results = topics.record(Topics.RESULTS);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    private static String traceparent(char digit) {
        return "00-" + String.valueOf(digit).repeat(32) + "-" + String.valueOf(digit).repeat(16) + "-01";
    }

    /** The record on sync.results of the change's receipt with the given status. */
    private static ConsumerRecord<String, String> receiptRecord(String tenant, String changeId, ReceiptStatus status) {
        return await().atMost(WAIT).until(() -> results.records().stream().filter(record -> {
            ResultEvent event = SyncJson.read(record.value(), ResultEvent.class);
            return tenant.equals(event.tenant()) && changeId.equals(event.receipt().changeId())
                    && event.receipt().status() == status;
        }).findFirst(), Optional::isPresent).orElseThrow();
    }

    @Test
    void changeThatWaitedForItsDependencyIsAppliedWithTheTraceparentItCameWith() {
        String tenant = Envelopes.uniqueTenant();
        String childTrace = traceparent('a');
        String parentTrace = traceparent('b');
        ChangeEnvelope parent = create(tenant, "dev-a", "lists", "parent", fields("name", "groceries"), 1);
        ChangeEnvelope child = Envelopes.envelope(tenant, "dev-a", new Change(Envelopes.changeId(), "items", "child",
                Op.CREATE, null, fields("list", "parent"), null, 2L, List.of(parent.change().changeId())),
                ConflictMode.MERGE);

        topics.sendTraced(childTrace, child);
        ConsumerRecord<String, String> pending = receiptRecord(tenant, child.change().changeId(),
                ReceiptStatus.PENDING);
        assertThat(MeshTopics.header(pending, Topics.HEADER_TRACEPARENT)).isEqualTo(childTrace);
        assertThat(Db.text("SELECT traceparent FROM sync.queued_change WHERE tenant = ? AND change_id = ?", tenant,
                child.change().changeId())).as("the queue keeps the trace context").isEqualTo(childTrace);

        // The parent is another entity: the queue retrier, not the parent's batch, releases the child.
        topics.sendTraced(parentTrace, parent);
        ConsumerRecord<String, String> applied = receiptRecord(tenant, child.change().changeId(),
                ReceiptStatus.APPLIED);

        assertThat(MeshTopics.header(applied, Topics.HEADER_TRACEPARENT)).isEqualTo(childTrace);
        assertThat(MeshTopics.header(applied, Topics.HEADER_CHANGE_ID)).isEqualTo(child.change().changeId());
        assertThat(MeshTopics.header(applied, Topics.HEADER_TENANT)).isEqualTo(tenant);
        assertThat(MeshTopics.header(receiptRecord(tenant, parent.change().changeId(), ReceiptStatus.APPLIED),
                Topics.HEADER_TRACEPARENT)).isEqualTo(parentTrace);
    }

    @Test
    void changeThatWaitedBehindTheFenceIsAppliedWithItsOwnTraceparentNotTheOneOfTheReturnThatReleasedIt() {
        String tenant = Envelopes.uniqueTenant();
        String laterTrace = traceparent('c');
        String returnTrace = traceparent('d');
        ChangeEnvelope created = create(tenant, "dev-a", "notes", "f1", fields("x", "0"), 1);
        ChangeEnvelope fromA = update(tenant, "dev-a", "notes", "f1", 1, fields("x", "a"), 2);
        ChangeEnvelope fromB = update(tenant, "dev-b", "notes", "f1", 1, fields("x", "b"), 1);
        topics.sendTraced(traceparent('e'), created, fromA, fromB);
        receiptRecord(tenant, fromB.change().changeId(), ReceiptStatus.PENDING);

        // dev-c's change matches version 2 but waits behind dev-b's change, which is in the conflict path.
        ChangeEnvelope fromC = update(tenant, "dev-c", "notes", "f1", 2, fields("y", "c"), 1);
        topics.sendTraced(laterTrace, fromC);
        receiptRecord(tenant, fromC.change().changeId(), ReceiptStatus.PENDING);

        // A person must decide dev-b's change: the entity stays at version 2, so dev-c's change applies now.
        topics.sendTraced(returnTrace, fromB.returning(fromB.change(), Verdict.MANUAL, "cf-" + tenant, null));
        ConsumerRecord<String, String> applied = receiptRecord(tenant, fromC.change().changeId(),
                ReceiptStatus.APPLIED);

        assertThat(MeshTopics.header(applied, Topics.HEADER_TRACEPARENT)).isEqualTo(laterTrace);
        assertThat(MeshTopics.header(receiptRecord(tenant, fromB.change().changeId(), ReceiptStatus.CONFLICT),
                Topics.HEADER_TRACEPARENT)).isEqualTo(returnTrace);
    }
}
