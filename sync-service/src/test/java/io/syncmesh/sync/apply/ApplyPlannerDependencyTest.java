package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.WAIT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;

/** DESIGN.md 3: a change whose dependencies are not applied yet is deferred, retried, then rejected. */
class ApplyPlannerDependencyTest {

    private static final Instant DEFERRED_AT = NOW.minusSeconds(60);
    private static final Instant DEADLINE = DEFERRED_AT.plus(WAIT);

    private final Planning.Store store = new Planning.Store();

    @BeforeEach
    void anEntity() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
    }

    @Test
    void aChangeWhoseDependencyIsNotAppliedIsDeferredWithADeadlineOfNowPlusTheWait() {
        ChangeEnvelope child = update("c1", "e1", 1).set("title", "x").dependsOn("parent").envelope();

        BatchPlan plan = store.run(child);

        assertThat(plan.deferrals()).containsExactly(
                new BatchPlan.DeferredRow(id("c1"), child, NOW, NOW.plus(WAIT), null));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.entityWrites()).isEmpty();
        assertThat(plan.historyRows()).isEmpty();
    }

    @Test
    void aDependencyThatIsOnlyPendingOrWasRejectedDoesNotCountAsApplied() {
        store.record(new StoredOutcome(id("p1"), "A", key("e2"), ReceiptStatus.PENDING, 0, null, null, null, null));
        store.record(new StoredOutcome(id("p2"), "A", key("e2"), ReceiptStatus.REJECTED, 0, null, null, "x", null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("p1"),
                update("c2", "e1", 1).set("title", "y").dependsOn("p2"));

        assertThat(plan.deferrals()).extracting(BatchPlan.DeferredRow::id).containsExactly(id("c1"), id("c2"));
    }

    @Test
    void aChangeWhoseDependenciesAreAppliedOrMergedApplies() {
        store.record(new StoredOutcome(id("p1"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        store.record(new StoredOutcome(id("p2"), "A", key("e2"), ReceiptStatus.MERGED, 1, 2L, null, null, null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("p1", "p2"));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(plan.deferrals()).isEmpty();
    }

    @Test
    void aParentAppliedEarlierInTheSameBatchSatisfiesItsChild() {
        BatchPlan plan = store.run(create("parent", "list").set("name", "Groceries"),
                create("child", "item").set("list", "list").dependsOn("parent"));

        assertThat(receiptOf(plan, "child")).isEqualTo(Receipt.applied("child", NOTES, "item", 1));
    }

    @Test
    void aChildBeforeItsParentInTheSameBatchIsDeferred() {
        BatchPlan plan = store.run(create("child", "item").set("list", "list").dependsOn("parent"),
                create("parent", "list").set("name", "Groceries"));

        assertThat(receiptOf(plan, "child").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(receiptOf(plan, "parent").status()).isEqualTo(ReceiptStatus.APPLIED);
    }

    @Test
    void aChangeToAnEntityWithAQueuedDeferralIsDeferredBehindIt() {
        store.queued.add(key("e1"));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "no dependencies"));

        assertThat(plan.deferrals()).extracting(BatchPlan.DeferredRow::id).containsExactly(id("c1"));
        assertThat(receiptOf(plan, "c1").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(plan.entityWrites()).isEmpty();
    }

    @Test
    void aLaterChangeInTheSameBatchIsDeferredBehindAnEarlierDeferredChangeOfTheSameEntity() {
        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("parent"),
                update("c2", "e1", 1).set("body", "no dependencies"),
                create("c3", "other").set("title", "unrelated"));

        assertThat(plan.deferrals()).extracting(BatchPlan.DeferredRow::id).containsExactly(id("c1"), id("c2"));
        assertThat(receiptOf(plan, "c3").status()).isEqualTo(ReceiptStatus.APPLIED);
    }

    @Test
    void aDeferredChangeWhoseDependencyIsNowAppliedApplies() {
        store.queued.add(key("e1")); // it is itself the queued deferral
        store.record(new StoredOutcome(id("parent"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        store.record(new StoredOutcome(id("c1"), "A", key("e1"), ReceiptStatus.PENDING, 0, null, null, null, null));

        BatchPlan plan = store.run(
                update("c1", "e1", 1).set("title", "x").dependsOn("parent").deferred(DEFERRED_AT, DEADLINE, 7));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.deferrals()).isEmpty();
    }

    @Test
    void aDeferredChangePastItsDeadlineIsRejectedDependencyMissing() {
        store.now = DEADLINE;

        BatchPlan plan = store.run(
                update("c1", "e1", 1).set("title", "x").dependsOn("parent").deferred(DEFERRED_AT, DEADLINE, 7));

        assertThat(receiptOf(plan, "c1"))
                .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.DEPENDENCY_MISSING));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(plan.deferrals()).isEmpty();
        assertThat(plan.entityWrites()).isEmpty();
    }

    @Test
    void aDeferredChangeStillWaitingKeepsItsPlaceAndDeadlineAndEmitsNothingNew() {
        ChangeInput waiting = update("c1", "e1", 1).set("title", "x").dependsOn("parent")
                .deferred(DEFERRED_AT, DEADLINE, 7);

        BatchPlan plan = store.run(waiting);

        assertThat(plan.deferrals()).containsExactly(
                new BatchPlan.DeferredRow(id("c1"), waiting.envelope(), DEFERRED_AT, DEADLINE, 7L));
        assertThat(plan.results()).isEmpty();
        assertThat(plan.outcomeWrites()).isEmpty();
    }

    @Test
    void laterDeferredChangesOfTheSameEntityStayQueuedBehindAnEarlierRedeferredOne() {
        store.now = DEADLINE; // the later one is past its deadline too: it still waits its turn, it is not rejected
        Instant earlierDeadline = DEADLINE.plusSeconds(1);
        ChangeInput first = update("c1", "e1", 1).set("title", "x").dependsOn("parent")
                .deferred(DEFERRED_AT, earlierDeadline, 7);
        ChangeInput second = update("c2", "e1", 1).set("body", "y").dependsOn("parent")
                .deferred(DEFERRED_AT, DEADLINE, 8);
        ChangeInput third = update("c3", "e1", 1).set("body", "z").deferred(DEFERRED_AT, DEADLINE, 9);

        BatchPlan plan = store.run(first, second, third);

        assertThat(plan.deferrals()).extracting(BatchPlan.DeferredRow::id, BatchPlan.DeferredRow::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(id("c1"), 7L),
                        org.assertj.core.groups.Tuple.tuple(id("c2"), 8L),
                        org.assertj.core.groups.Tuple.tuple(id("c3"), 9L));
        assertThat(plan.results()).isEmpty();
        assertThat(plan.entityWrites()).isEmpty();
    }

    @Test
    void afterAnEarlierDeferredChangeIsRejectedTheNextOneOfTheEntityIsDecided() {
        store.now = DEADLINE;
        ChangeInput expired = update("c1", "e1", 1).set("title", "x").dependsOn("parent")
                .deferred(DEFERRED_AT, DEADLINE, 7);
        ChangeInput ready = update("c2", "e1", 1).set("body", "y").deferred(DEFERRED_AT, DEADLINE.plusSeconds(60), 8);

        BatchPlan plan = store.run(expired, ready);

        assertThat(receiptOf(plan, "c1").code()).isEqualTo(ReceiptCodes.DEPENDENCY_MISSING);
        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.applied("c2", NOTES, "e1", 2));
    }

    @Test
    void aDeferredChangeThatFindsTheFenceUpFollowsTheInFlightChange() {
        store.entities.put(key("e1"), store.entity("e1").withDetours(1));
        store.record(new StoredOutcome(id("parent"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));

        BatchPlan plan = store.run(
                update("c1", "e1", 1).set("title", "x").dependsOn("parent").deferred(DEFERRED_AT, DEADLINE, 7));

        assertThat(plan.detours()).singleElement().satisfies(
                detour -> assertThat(detour.reason()).isEqualTo(io.syncmesh.protocol.ConflictEvent.REASON_FENCED));
    }
}
