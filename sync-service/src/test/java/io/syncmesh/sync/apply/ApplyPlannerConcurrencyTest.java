package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.TENANT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.delete;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.resultOf;
import static io.syncmesh.sync.apply.Planning.text;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;

/** DESIGN.md 5.3/5.4: the optimistic concurrency check, the own-chain rule, and what applying writes. */
class ApplyPlannerConcurrencyTest {

    private final Planning.Store store = new Planning.Store();

    @BeforeEach
    void anEntityCreatedByAnotherDevice() {
        store.run(create("c0", "e1").by("O").seq(1).set("title", "Milk").set("body", "2 litres"));
    }

    @Test
    void updateOnTheCurrentVersionAppliesAsAPatchWithNewVersionHistoryAndLogRow() {
        BatchPlan plan = store.run(update("c1", "e1", 1).by("A").seq(3).set("title", "Oat milk"));

        EntityState written = plan.entityWrites().get(key("e1"));
        assertThat(written.version()).isEqualTo(2);
        assertThat(written.fields()).isEqualTo(Map.of("title", text("Oat milk"), "body", text("2 litres")));
        assertThat(written.fieldMeta().get("title").version()).isEqualTo(2);
        assertThat(written.fieldMeta().get("title").device()).isEqualTo("A");
        assertThat(written.fieldMeta().get("title").deviceSeq()).isEqualTo(3);
        assertThat(written.fieldMeta().get("body").version()).as("untouched field keeps its metadata").isEqualTo(1);
        assertThat(written.fieldMeta().get("body").device()).isEqualTo("O");
        assertThat(written.updatedBy()).isEqualTo("A");
        assertThat(plan.historyRows()).containsExactly(written);
        assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 2, "c1", "A"));
        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(receiptOf(plan, "c1").etag()).isEqualTo("v2");
    }

    @Test
    void staleBaseFromAnotherDeviceDetoursAsConcurrentEditWithTheRemoteSnapshotItFound() {
        store.run(update("c1", "e1", 1).by("A").set("title", "Oat milk"));
        EntityState found = store.entity("e1");
        ChangeEnvelope stale = update("c2", "e1", 1).by("B").set("title", "Soy milk").envelope();

        BatchPlan plan = store.run(stale);

        assertThat(plan.detours()).containsExactly(
                new BatchPlan.Detour(stale, 1L, found.snapshot(), ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(plan.detours().get(0).remote().version()).isEqualTo(2);
        assertThat(plan.detours().get(0).remote().fields().get("title")).isEqualTo(text("Oat milk"));
        StoredOutcome outcome = plan.outcomeWrites().get(id("c2"));
        assertThat(outcome.status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(outcome.attempt()).isZero();
        assertThat(outcome.device()).isEqualTo("B");
        assertThat(plan.entityWrites().get(key("e1")).detours()).isEqualTo(found.detours() + 1);
        assertThat(plan.entityWrites().get(key("e1")).version()).isEqualTo(2);
        assertThat(plan.results()).containsExactly(
                ResultEvent.of(TENANT, "B", Receipt.pending("c2", NOTES, "e1"), null));
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
    }

    @Test
    void staleBaseInRejectModeIsRejectedPreconditionFailedWithTheCurrentEntityAndRaisesNoFence() {
        store.run(update("c1", "e1", 1).by("A").set("title", "Oat milk"));
        EntityState current = store.entity("e1");

        BatchPlan plan = store.run(update("c2", "e1", 1).by("B").set("title", "Soy milk").rejectOnConflict());

        assertThat(resultOf(plan, "c2").receipt())
                .isEqualTo(Receipt.rejected("c2", NOTES, "e1", ReceiptCodes.PRECONDITION_FAILED));
        assertThat(resultOf(plan, "c2").current()).isEqualTo(current.toEntity());
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.entityWrites()).isEmpty();
    }

    @Test
    void ownChainOfOfflineEditsAppliesOnAnOlderBaseWhenEveryLaterVersionIsByTheSameDevice() {
        store.run(update("a2", "e1", 1).by("A").set("title", "v2"));
        store.run(update("a3", "e1", 2).by("A").set("title", "v3"));

        BatchPlan plan = store.run(update("a4", "e1", 1).by("A").set("body", "from base 1"));

        assertThat(receiptOf(plan, "a4")).isEqualTo(Receipt.applied("a4", NOTES, "e1", 4));
        assertThat(store.entity("e1").fields())
                .isEqualTo(Map.of("title", text("v3"), "body", text("from base 1")));
        assertThat(plan.detours()).isEmpty();
    }

    @Test
    void ownChainIsBrokenWhenAnotherDeviceWroteAVersionAfterTheBase() {
        store.run(update("a2", "e1", 1).by("A").set("title", "v2"));
        store.run(update("b3", "e1", 2).by("B").set("title", "v3"));

        BatchPlan plan = store.run(update("a4", "e1", 1).by("A").set("body", "from base 1"));

        assertThat(receiptOf(plan, "a4").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(plan.detours()).singleElement()
                .satisfies(detour -> assertThat(detour.reason()).isEqualTo(ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(store.entity("e1").version()).isEqualTo(3);
    }

    @Test
    void ownChainMayStartAfterAnotherDevicesWrite() {
        store.run(update("b2", "e1", 1).by("B").set("title", "v2"));
        store.run(update("a3", "e1", 2).by("A").set("title", "v3"));
        store.run(update("a4", "e1", 3).by("A").set("title", "v4"));

        BatchPlan fromV2 = store.run(update("a5", "e1", 2).by("A").set("body", "from base 2"));
        BatchPlan fromV1 = store.run(update("a6", "e1", 1).by("A").set("body", "from base 1"));

        assertThat(receiptOf(fromV2, "a5")).isEqualTo(Receipt.applied("a5", NOTES, "e1", 5));
        assertThat(receiptOf(fromV1, "a6").status()).as("v2 was written by B").isEqualTo(ReceiptStatus.PENDING);
    }

    @Test
    void updateOrDeleteOfAMissingEntityIsRejectedNotFound() {
        BatchPlan plan = store.run(update("c1", "nope", 1).set("title", "x"), delete("c2", "nope", 1));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.rejected("c1", NOTES, "nope", ReceiptCodes.NOT_FOUND));
        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.rejected("c2", NOTES, "nope", ReceiptCodes.NOT_FOUND));
        assertThat(plan.entityWrites()).isEmpty();
        assertThat(plan.outcomeWrites().get(id("c1")).code()).isEqualTo(ReceiptCodes.NOT_FOUND);
    }

    @Test
    void baseAboveTheCurrentVersionIsRejectedInvalidBaseVersion() {
        BatchPlan plan = store.run(update("c1", "e1", 2).by("O").set("title", "x"), delete("c2", "e1", 5).by("B"));

        assertThat(receiptOf(plan, "c1").code()).isEqualTo(ReceiptCodes.INVALID_BASE_VERSION);
        assertThat(receiptOf(plan, "c2").code()).isEqualTo(ReceiptCodes.INVALID_BASE_VERSION);
        assertThat(receiptOf(plan, "c1").status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(plan.entityWrites()).isEmpty();
    }

    @Test
    void deleteWritesATombstoneWithoutFieldsAtTheNextVersion() {
        BatchPlan plan = store.run(delete("c1", "e1", 1).by("A"));

        EntityState tombstone = plan.entityWrites().get(key("e1"));
        assertThat(tombstone.version()).isEqualTo(2);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.fields()).isEmpty();
        assertThat(tombstone.toEntity().fields()).isEmpty();
        assertThat(tombstone.toEntity().deleted()).isTrue();
        assertThat(tombstone.toEntity().etag()).isEqualTo("v2");
        assertThat(plan.historyRows()).containsExactly(tombstone);
        assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 2, "c1", "A"));
        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
    }

    @Test
    void updateOrDeleteOfATombstoneAtItsVersionIsRejectedEntityDeleted() {
        store.run(delete("c1", "e1", 1).by("A"));

        BatchPlan plan = store.run(update("c2", "e1", 2).by("B").set("title", "back"), delete("c3", "e1", 2).by("A"));

        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.rejected("c2", NOTES, "e1", ReceiptCodes.ENTITY_DELETED));
        assertThat(receiptOf(plan, "c3")).isEqualTo(Receipt.rejected("c3", NOTES, "e1", ReceiptCodes.ENTITY_DELETED));
        assertThat(plan.entityWrites()).isEmpty();
        assertThat(plan.historyRows()).isEmpty();
    }
}
