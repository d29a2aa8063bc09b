package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.mergedOnto;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.returning;
import static io.syncmesh.sync.apply.Planning.text;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.Verdict;

/**
 * DESIGN.md 5.5/5.6: while an entity has a change in flight through the conflict path, later changes follow it in
 * order; a change coming back lifts its place in the fence.
 */
class ApplyPlannerFenceTest {

    private final Planning.Store store = new Planning.Store();
    private ChangeEnvelope concurrent;

    /** e1 is at v2 (written by A); B's change on base 1 is in flight through the conflict path. */
    @BeforeEach
    void aChangeInFlightThroughTheConflictPath() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
        concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
        store.run(concurrent);
        assertThat(store.entity("e1").detours()).isEqualTo(1);
    }

    @Test
    void laterChangesOfAnyDeviceWithAMatchingBaseDetourAsFencedInOrder() {
        ChangeEnvelope fromC = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        ChangeEnvelope fromA = update("a3", "e1", 2).by("A").set("body", "A").envelope();

        BatchPlan plan = store.run(fromC, fromA);

        assertThat(plan.detours()).extracting(BatchPlan.Detour::envelope).containsExactly(fromC, fromA);
        assertThat(plan.detours()).extracting(BatchPlan.Detour::reason)
                .containsOnly(ConflictEvent.REASON_FENCED);
        assertThat(plan.detours()).extracting(detour -> detour.remote().version()).containsOnly(2L);
        assertThat(receiptOf(plan, "c1").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(receiptOf(plan, "a3").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(store.entity("e1").detours()).isEqualTo(3);
        assertThat(store.entity("e1").version()).isEqualTo(2);
        assertThat(plan.historyRows()).isEmpty();
    }

    @Test
    void aDetourEarlierInTheSameBatchFencesTheChangesAfterIt() {
        store.run(returning(concurrent, Verdict.MANUAL));
        assertThat(store.entity("e1").detours()).isZero();
        ChangeEnvelope stale = update("b2", "e1", 1).by("B").set("title", "stale").envelope();
        ChangeEnvelope matching = update("c1", "e1", 2).by("C").set("body", "C").envelope();

        BatchPlan plan = store.run(stale, matching);

        assertThat(plan.detours()).extracting(BatchPlan.Detour::reason)
                .containsExactly(ConflictEvent.REASON_CONCURRENT_EDIT, ConflictEvent.REASON_FENCED);
    }

    @Test
    void aFencedChangeInRejectModeIsRejectedPreconditionFailedWithTheCurrentEntity() {
        BatchPlan plan = store.run(update("c1", "e1", 2).by("C").set("body", "C").rejectOnConflict());

        assertThat(receiptOf(plan, "c1"))
                .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.PRECONDITION_FAILED));
        assertThat(Planning.resultOf(plan, "c1").current().version()).isEqualTo(2);
        assertThat(store.entity("e1").detours()).isEqualTo(1);
    }

    @Test
    void returningMergedChangeLiftsItsPlaceInTheFenceAndAppliesWithAMergedReceipt() {
        ChangeEnvelope merged = mergedOnto(concurrent, 2, Map.of("title", text("Oat + soy milk")));
        assertThat(merged.origin()).isEqualTo(Origin.MERGE);
        assertThat(merged.attempt()).isEqualTo(1);

        BatchPlan plan = store.run(merged);

        assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 3));
        assertThat(receiptOf(plan, "b1").etag()).isEqualTo("v3");
        EntityState after = store.entity("e1");
        assertThat(after.detours()).isZero();
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.fields().get("title")).isEqualTo(text("Oat + soy milk"));
        assertThat(after.updatedBy()).isEqualTo("B");
        StoredOutcome outcome = store.outcome("b1");
        assertThat(outcome.status()).isEqualTo(ReceiptStatus.MERGED);
        assertThat(outcome.attempt()).isEqualTo(1);
        assertThat(outcome.version()).isEqualTo(3L);
        assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 3, "b1", "B"));
    }

    @Test
    void returningChangesAreNotHeldByTheFenceOfTheChangesBehindThem() {
        ChangeEnvelope fenced = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        store.run(fenced);
        assertThat(store.entity("e1").detours()).isEqualTo(2);

        BatchPlan plan = store.run(mergedOnto(concurrent, 2, null));

        assertThat(receiptOf(plan, "b1").status()).isEqualTo(ReceiptStatus.MERGED);
        assertThat(store.entity("e1").detours()).as("c1 is still in flight").isEqualTo(1);
    }

    @Test
    void verdictApplyAppliesTheChangeAsSentWithAnAppliedReceipt() {
        ChangeEnvelope fenced = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        store.run(fenced);
        store.run(returning(concurrent, Verdict.MANUAL));

        BatchPlan plan = store.run(returning(fenced, Verdict.APPLY));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 3));
        assertThat(store.outcome("c1").status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(store.entity("e1").detours()).isZero();
        assertThat(store.entity("e1").fields().get("body")).isEqualTo(text("C"));
    }

    @Test
    void verdictManualRecordsAFinalConflictWithItsIdAndAppliesNothing() {
        ChangeEnvelope manual = concurrent.returning(concurrent.change(), Verdict.MANUAL, "cf-42", null);

        BatchPlan plan = store.run(manual);

        assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.conflict("b1", NOTES, "e1", "cf-42"));
        StoredOutcome outcome = plan.outcomeWrites().get(id("b1"));
        assertThat(outcome.status()).isEqualTo(ReceiptStatus.CONFLICT);
        assertThat(outcome.isFinal()).isTrue();
        assertThat(outcome.conflictId()).isEqualTo("cf-42");
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
        assertThat(store.entity("e1").version()).isEqualTo(2);
        assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("Oat milk"));
        assertThat(store.entity("e1").detours()).as("the fence lifts").isZero();
    }

    @Test
    void verdictRejectRecordsARejectionWithTheEnvelopesCode() {
        ChangeEnvelope rejected = concurrent.returning(concurrent.change(), Verdict.REJECT, null, "policy-denied");

        BatchPlan plan = store.run(rejected);

        assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.rejected("b1", NOTES, "e1", "policy-denied"));
        assertThat(plan.historyRows()).isEmpty();
        assertThat(store.entity("e1").detours()).isZero();
    }

    @Test
    void verdictRejectWithoutCodeIsRejectedUnprocessable() {
        BatchPlan plan = store.run(returning(concurrent, Verdict.REJECT));

        assertThat(receiptOf(plan, "b1").code()).isEqualTo(ReceiptCodes.UNPROCESSABLE);
    }

    @Test
    void theFenceLiftsWhenEveryInFlightChangeHasReturnedAndAMatchingChangeAppliesAgain() {
        ChangeEnvelope fenced = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        store.run(fenced);
        store.run(mergedOnto(concurrent, 2, null));
        store.run(mergedOnto(fenced, 3, null));
        assertThat(store.entity("e1").detours()).isZero();
        assertThat(store.entity("e1").version()).isEqualTo(4);

        BatchPlan plan = store.run(update("d1", "e1", 4).by("D").set("title", "Done"));

        assertThat(receiptOf(plan, "d1")).isEqualTo(Receipt.applied("d1", NOTES, "e1", 5));
        assertThat(plan.detours()).isEmpty();
    }

    @Test
    void theFenceCountNeverGoesBelowZero() {
        store.run(returning(concurrent, Verdict.MANUAL));
        assertThat(store.entity("e1").detours()).isZero();
        store.record(new StoredOutcome(id("x1"), "X", key("e1"), ReceiptStatus.PENDING, 0, null, null, null, null));
        ChangeEnvelope stray = update("x1", "e1", 2).by("X").set("body", "x").envelope();

        store.run(returning(stray, Verdict.MANUAL));

        assertThat(store.entity("e1").detours()).isZero();
    }

    /**
     * Found while writing these tests. A change that comes back with verdict {@code apply} after the changes ahead of
     * it moved the version detours a second time and goes to the back of the conflict path, behind a change that was
     * fenced behind it in the meantime. That later change then comes back first and takes effect while the earlier
     * one is still in flight: it overtakes it, which section 5 (the fence) rules out ("later changes to that entity
     * (from any device) must not overtake it").
     */
    @Test
    @Disabled("bug: a returning change that detours again (verdict apply on a moved version) goes behind changes "
            + "fenced after it; the later change then applies first and overtakes it (DESIGN.md 5.5)")
    void aChangeThatDetoursAgainOnItsReturnIsNotOvertakenByAChangeFencedBehindIt() {
        // c1 (device C, base 2 == version) is fenced behind b1 and passes the conflict-service unchanged.
        ChangeEnvelope c1 = update("c1", "e1", 2).by("C").seq(1).set("title", "C older").envelope();
        store.run(c1);
        // b1 comes back merged: v3 by B.
        store.run(mergedOnto(concurrent, 2, null));
        // C pulls v3 and sends a newer edit on base 3; c1 is still in flight, so it is fenced behind it.
        ChangeEnvelope c2 = update("c2", "e1", 3).by("C").seq(2).set("title", "C newer").envelope();
        store.run(c2);
        // c1 comes back with verdict apply (its base 2 matched the remote v2 it was sent with): now stale.
        BatchPlan c1Back = store.run(returning(c1, Verdict.APPLY));
        assertThat(receiptOf(c1Back, "c1").status()).isEqualTo(ReceiptStatus.PENDING);

        // c2 comes back with verdict apply (base 3 matched the remote v3 it was sent with).
        BatchPlan c2Back = store.run(returning(c2, Verdict.APPLY));

        assertThat(c2Back.logRows()).as("c2 was sent after c1, and c1 is still in flight").isEmpty();
        assertThat(store.entity("e1").version()).isEqualTo(3);
    }
}
