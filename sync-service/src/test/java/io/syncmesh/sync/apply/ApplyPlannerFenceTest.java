package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.WAIT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.mergedOnto;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.returning;
import static io.syncmesh.sync.apply.Planning.text;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Verdict;

/**
 * DESIGN.md 5.5/5.6, the fence: an entity has at most one change in the conflict path. Every later change to it waits
 * in the entity's queue, in order; when the change in flight comes back and is settled, the queue is decided in order
 * against the entity as it is then, until it is empty or a change goes to the conflict path.
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

    // ---------------------------------------------------------------- while a change is in flight

    @Test
    void laterChangesOfAnyDeviceWaitInTheEntitysQueueInOrderEvenWithAMatchingBase() {
        ChangeEnvelope fromC = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        ChangeEnvelope fromA = update("a3", "e1", 2).by("A").set("body", "A").envelope();

        BatchPlan plan = store.run(fromC, fromA);

        assertThat(plan.queueAdds().values()).containsExactly(
                new QueuedChange(fromC, null, NOW, NOW.plus(WAIT), null),
                new QueuedChange(fromA, null, NOW, NOW.plus(WAIT), null));
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.pending("c1", NOTES, "e1"), Receipt.pending("a3", NOTES, "e1"));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(plan.outcomeWrites().get(id("a3")).status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(plan.entityWrites()).as("the entity, its version and its fence are untouched").isEmpty();
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        assertThat(store.queue("e1")).containsExactly("c1", "a3");
    }

    @Test
    void aChangeThatDetoursMakesTheChangesAfterItInTheSameBatchWaitBehindIt() {
        store.run(returning(concurrent, Verdict.MANUAL));
        assertThat(store.entity("e1").detours()).isZero();
        ChangeEnvelope stale = update("b2", "e1", 1).by("B").set("title", "stale").envelope();
        ChangeEnvelope matching = update("c1", "e1", 2).by("C").set("body", "C").envelope();

        BatchPlan plan = store.run(stale, matching);

        assertThat(plan.detours()).extracting(BatchPlan.Detour::envelope, BatchPlan.Detour::reason)
                .containsExactly(tuple(stale, ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(plan.queueAdds().keySet()).containsExactly(id("c1"));
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        assertThat(store.entity("e1").version()).isEqualTo(2);
    }

    @Test
    void aChangeInRejectModeWaitsToo() {
        BatchPlan plan = store.run(update("c1", "e1", 2).by("C").set("body", "C").rejectOnConflict());

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.queueAdds().keySet()).containsExactly(id("c1"));
    }

    @Test
    void noChangeOfTheEntityIsDecidedWhileTheOneInFlightHasNotComeBack() {
        store.run(update("c1", "e1", 2).by("C").set("body", "C"));
        store.run(update("a3", "e1", 2).by("A").set("body", "A"));

        BatchPlan plan = store.drain("e1");

        assertThat(plan.results()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.queue("e1")).containsExactly("c1", "a3");
    }

    // ---------------------------------------------------------------- the change in flight comes back

    @Test
    void returningMergedChangeAppliesWithAMergedReceiptAndLowersTheFence() {
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
    void afterTheReturnTheQueueIsDecidedInOrderUntilAChangeGoesToTheConflictPath() {
        // d1: B's own chain once b1 lands; c1: C's, stale then; a3: behind c1.
        store.run(update("d1", "e1", 2).by("B").set("body", "B"));
        ChangeEnvelope c1 = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        store.run(c1);
        store.run(update("a3", "e1", 2).by("A").set("body", "A"));
        assertThat(store.queue("e1")).containsExactly("d1", "c1", "a3");

        BatchPlan plan = store.run(mergedOnto(concurrent, 2, null));

        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.merged("b1", NOTES, "e1", 3),
                Receipt.applied("d1", NOTES, "e1", 4));
        EntityState v4 = store.entity("e1");
        assertThat(v4.version()).isEqualTo(4);
        assertThat(plan.detours()).as("c1 goes to the conflict path with its own base and the entity as it is now")
                .containsExactly(new BatchPlan.Detour(c1, 2L, v4.snapshot(), ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(plan.detours().get(0).remote().version()).isEqualTo(4);
        assertThat(store.outcome("c1").status()).as("c1 stays pending, with no second pending receipt")
                .isEqualTo(ReceiptStatus.PENDING);
        assertThat(v4.detours()).isEqualTo(1);
        assertThat(plan.queueRemovals()).containsExactly(id("d1"), id("c1"));
        assertThat(plan.queueAdds()).isEmpty();
        assertThat(store.queue("e1")).containsExactly("a3");
        assertThat(store.outcome("a3").status()).isEqualTo(ReceiptStatus.PENDING);
    }

    @Test
    void aChangeQueuedAndDecidedInTheSameBatchIsNeitherAddedToNorRemovedFromTheStoredQueue() {
        ChangeEnvelope ownChain = update("d1", "e1", 2).by("B").set("body", "B").envelope();

        BatchPlan plan = store.run(ownChain, mergedOnto(concurrent, 2, null));

        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.pending("d1", NOTES, "e1"),
                Receipt.merged("b1", NOTES, "e1", 3),
                Receipt.applied("d1", NOTES, "e1", 4));
        assertThat(plan.queueAdds()).isEmpty();
        assertThat(plan.queueRemovals()).isEmpty();
        assertThat(store.queue("e1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"MANUAL", "REJECT"})
    void afterAVerdictThatAppliesNothingTheQueueIsDecidedInOrderAgainstTheUnchangedEntity(Verdict verdict) {
        store.run(update("c1", "e1", 2).by("C").set("body", "C1")); // base 2 is still current: applies as v3
        store.run(update("c2", "e1", 2).by("C").set("body", "C2")); // C's own chain on v3: applies as v4
        store.run(update("a3", "e1", 2).by("A").set("body", "A")); // v3 and v4 are C's: conflict path
        store.run(update("x1", "e1", 2).by("X").set("body", "X")); // waits behind a3
        ChangeEnvelope back = concurrent.returning(concurrent.change(), verdict, "cf-1", "policy-denied");

        BatchPlan plan = store.run(back);

        ReceiptStatus settled = verdict == Verdict.MANUAL ? ReceiptStatus.CONFLICT : ReceiptStatus.REJECTED;
        assertThat(plan.results())
                .extracting(result -> result.receipt().changeId(), result -> result.receipt().status())
                .containsExactly(
                        tuple("b1", settled),
                        tuple("c1", ReceiptStatus.APPLIED),
                        tuple("c2", ReceiptStatus.APPLIED));
        assertThat(receiptOf(plan, "c1").version()).isEqualTo(3L);
        assertThat(receiptOf(plan, "c2").version()).isEqualTo(4L);
        assertThat(plan.logRows()).extracting(BatchPlan.LogRow::changeId).containsExactly("c1", "c2");
        assertThat(plan.detours()).singleElement().satisfies(detour -> {
            assertThat(detour.envelope().change().changeId()).isEqualTo("a3");
            assertThat(detour.baseVersion()).isEqualTo(2L);
            assertThat(detour.remote().version()).isEqualTo(4);
            assertThat(detour.remote().fields().get("body")).isEqualTo(text("C2"));
        });
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        assertThat(store.queue("e1")).containsExactly("x1");
        assertThat(store.entity("e1").fields().get("title")).as("b1 applied nothing").isEqualTo(text("Oat milk"));
    }

    @Test
    void aQueuedChangeInRejectModeThatNoLongerMatchesIsRejectedPreconditionFailedWithTheEntityAsItIsThen() {
        store.run(update("c1", "e1", 2).by("C").set("body", "C").rejectOnConflict());
        store.run(update("d1", "e1", 2).by("B").set("body", "B"));

        BatchPlan plan = store.run(mergedOnto(concurrent, 2, null));

        assertThat(receiptOf(plan, "c1"))
                .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.PRECONDITION_FAILED));
        assertThat(Planning.resultOf(plan, "c1").current().version()).isEqualTo(3);
        assertThat(receiptOf(plan, "d1")).as("the queue moves on").isEqualTo(Receipt.applied("d1", NOTES, "e1", 4));
        assertThat(store.entity("e1").detours()).isZero();
    }

    @Test
    void aQueuedChangeWithABaseTheEntityNeverHadIsRejectedAndTheQueueMovesOn() {
        store.run(update("c1", "e1", 7).by("C").set("body", "C"));
        store.run(update("d1", "e1", 2).by("B").set("body", "B"));

        BatchPlan plan = store.run(mergedOnto(concurrent, 2, null));

        assertThat(receiptOf(plan, "c1"))
                .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.INVALID_BASE_VERSION));
        assertThat(receiptOf(plan, "d1")).isEqualTo(Receipt.applied("d1", NOTES, "e1", 4));
    }

    @Test
    void verdictApplyOnABaseThatStillConflictsSendsTheChangeThroughTheConflictPathAgainWithTheCurrentEntity() {
        store.run(update("c1", "e1", 2).by("C").set("body", "C"));
        ChangeEnvelope back = returning(concurrent, Verdict.APPLY);

        BatchPlan plan = store.run(back);

        assertThat(plan.detours()).containsExactly(new BatchPlan.Detour(back, 1L,
                store.entity("e1").snapshot(), ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(plan.results()).as("b1 stays pending and hears nothing new").isEmpty();
        assertThat(store.outcome("b1").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(store.outcome("b1").attempt()).isEqualTo(1);
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        assertThat(store.queue("e1")).as("c1 still waits behind b1").containsExactly("c1");
        assertThat(plan.logRows()).isEmpty();
    }

    @Test
    void verdictApplyAppliesTheChangeAsSentWithAnAppliedReceiptWhenItsBaseIsCurrent() {
        // A change in flight whose base still matches (sent behind the fence of an earlier design).
        store.run(returning(concurrent, Verdict.MANUAL));
        ChangeEnvelope matching = update("c1", "e1", 2).by("C").set("body", "C").envelope();
        store.entities.put(key("e1"), store.entity("e1").withDetours(1));
        store.record(new StoredOutcome(id("c1"), "C", key("e1"), ReceiptStatus.PENDING, 0, null, null, null, null));

        BatchPlan plan = store.run(returning(matching, Verdict.APPLY));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 3));
        assertThat(store.outcome("c1").status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(store.outcome("c1").attempt()).isEqualTo(1);
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
    void onceTheQueueIsEmptyAndNothingIsInFlightAMatchingChangeAppliesAtOnce() {
        store.run(update("c1", "e1", 2).by("C").set("body", "C"));
        store.run(mergedOnto(concurrent, 2, null)); // v3 by B; c1 now conflicts and goes to the conflict path
        store.run(mergedOnto(findSent("c1"), 3, null)); // v4 by C
        assertThat(store.entity("e1").detours()).isZero();
        assertThat(store.entity("e1").version()).isEqualTo(4);
        assertThat(store.queue("e1")).isEmpty();

        BatchPlan plan = store.run(update("d1", "e1", 4).by("D").set("title", "Done"));

        assertThat(receiptOf(plan, "d1")).isEqualTo(Receipt.applied("d1", NOTES, "e1", 5));
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.queueAdds()).isEmpty();
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

    @Test
    void changesThatOnlyWaitedBehindTheChangeInFlightDoNotGoToTheConflictPath() {
        store.run(update("d1", "e1", 2).by("B").set("body", "B1"));
        store.run(update("d2", "e1", 2).by("B").set("tag", "B2"));

        BatchPlan plan = store.run(mergedOnto(concurrent, 2, null));

        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.merged("b1", NOTES, "e1", 3),
                Receipt.applied("d1", NOTES, "e1", 4),
                Receipt.applied("d2", NOTES, "e1", 5));
        assertThat(store.plans).flatExtracting(BatchPlan::detours)
                .extracting(detour -> detour.envelope().change().changeId(), BatchPlan.Detour::reason)
                .containsExactly(tuple("b1", ConflictEvent.REASON_CONCURRENT_EDIT));
    }

    // ---------------------------------------------------------------- the scenario that found the ordering bug

    /**
     * The earlier design sent fenced changes through the conflict path behind the change in flight, and a change that
     * detoured again on its return went to the back, behind a change fenced after it, which then overtook it. Now c2
     * waits in the queue until c1 is settled, and is decided after it against the entity c1 left.
     */
    @Test
    void aChangeThatDetoursOnItsWayOutOfTheQueueIsNotOvertakenByTheChangeQueuedBehindIt() {
        // No deviceSeq: the order alone must keep C's newer edit, not the device-sequence guard.
        ChangeEnvelope c1 = update("c1", "e1", 2).by("C").set("title", "C older").envelope();
        BatchPlan c1Sent = store.run(c1);
        assertThat(receiptOf(c1Sent, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(store.queue("e1")).containsExactly("c1");

        // b1 comes back merged: v3 by B; c1 (base 2) is decided against v3 and goes to the conflict path.
        BatchPlan b1Back = store.run(mergedOnto(concurrent, 2, null));
        EntityState v3 = store.entity("e1");
        assertThat(receiptOf(b1Back, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 3));
        assertThat(b1Back.detours()).containsExactly(new BatchPlan.Detour(c1, 2L, v3.snapshot(),
                ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(b1Back.results()).as("c1 already heard pending").extracting(r -> r.receipt().changeId())
                .containsExactly("b1");
        assertThat(v3.detours()).isEqualTo(1);

        // C pulls v3 and sends a newer edit on base 3: it waits behind c1.
        ChangeEnvelope c2 = update("c2", "e1", 3).by("C").set("title", "C newer").set("body", "C2").envelope();
        BatchPlan c2Sent = store.run(c2);
        assertThat(receiptOf(c2Sent, "c2")).isEqualTo(Receipt.pending("c2", NOTES, "e1"));
        assertThat(c2Sent.logRows()).isEmpty();
        assertThat(store.queue("e1")).containsExactly("c2");

        // c1 comes back merged onto v3: v4 by C; then c2 (base 3, C's own chain since v4) applies as v5.
        BatchPlan c1Back = store.run(mergedOnto(c1, 3, Map.of("title", text("C older + soy"))));

        assertThat(c1Back.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.merged("c1", NOTES, "e1", 4),
                Receipt.applied("c2", NOTES, "e1", 5));
        assertThat(c1Back.logRows()).containsExactly(
                new BatchPlan.LogRow(key("e1"), 4, "c1", "C"),
                new BatchPlan.LogRow(key("e1"), 5, "c2", "C"));
        EntityState last = store.entity("e1");
        assertThat(last.version()).isEqualTo(5);
        assertThat(last.fields().get("title")).isEqualTo(text("C newer"));
        assertThat(last.fields().get("body")).isEqualTo(text("C2"));
        assertThat(last.detours()).isZero();
        assertThat(store.queue("e1")).isEmpty();
        assertThat(c1Back.queueRemovals()).containsExactly(id("c2"));
        assertNoPlanAppliesC2BeforeC1IsSettled();
    }

    private void assertNoPlanAppliesC2BeforeC1IsSettled() {
        boolean c1Settled = false;
        for (BatchPlan plan : store.plans) {
            for (ResultEvent result : plan.results()) {
                Receipt receipt = result.receipt();
                if (receipt.changeId().equals("c1") && receipt.status().isFinal()) {
                    c1Settled = true;
                }
                if (receipt.changeId().equals("c2") && receipt.status().isFinal()) {
                    assertThat(c1Settled).as("c1 is settled before c2").isTrue();
                }
            }
            List<String> logged = new ArrayList<>(plan.logRows().stream().map(BatchPlan.LogRow::changeId).toList());
            if (logged.contains("c2")) {
                assertThat(logged.indexOf("c1")).as("c1 is written before c2").isBetween(0, logged.indexOf("c2"));
            }
        }
    }

    /** The envelope the conflict path last received for the change. */
    private ChangeEnvelope findSent(String changeId) {
        return store.plans.stream().flatMap(plan -> plan.detours().stream()).map(BatchPlan.Detour::envelope)
                .filter(envelope -> envelope.change().changeId().equals(changeId))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError(changeId + " never went to the conflict path"));
    }
}
