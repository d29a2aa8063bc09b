package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.WAIT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.mergedOnto;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;

/**
 * DESIGN.md 3: a change whose dependencies are not applied yet waits in its entity's queue (and so does everything
 * behind it) until they are, or is rejected {@code dependency-missing} once its deadline has passed. The queue retrier
 * ({@link ApplyPlanner#drain}) decides the queues of entities with no change in the conflict path.
 */
class ApplyPlannerDependencyTest {

    private static final Instant QUEUED_AT = NOW.minusSeconds(60);
    private static final Instant DEADLINE = QUEUED_AT.plus(WAIT);

    private final Planning.Store store = new Planning.Store();

    @BeforeEach
    void anEntity() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
    }

    // ---------------------------------------------------------------- a fresh change

    @Test
    void aChangeWhoseDependencyIsNotAppliedWaitsInTheQueueWithADeadlineOfNowPlusTheWait() {
        ChangeEnvelope child = update("c1", "e1", 1).set("title", "x").dependsOn("parent").envelope();

        BatchPlan plan = store.run(child);

        assertThat(plan.queueAdds()).containsExactly(
                Map.entry(id("c1"), new QueuedChange(child, null, NOW, NOW.plus(WAIT), null)));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.entityWrites()).isEmpty();
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.detours()).isEmpty();
    }

    @Test
    void aDependencyThatIsOnlyPendingOrWasRejectedDoesNotCountAsApplied() {
        store.record(new StoredOutcome(id("p1"), "A", key("e9"), ReceiptStatus.PENDING, 0, null, null, null, null));
        store.record(new StoredOutcome(id("p2"), "A", key("e9"), ReceiptStatus.REJECTED, 0, null, null, "x", null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("p1"),
                create("c2", "e2").set("title", "y").dependsOn("p2"));

        assertThat(plan.queueAdds().keySet()).containsExactly(id("c1"), id("c2"));
        assertThat(plan.logRows()).isEmpty();
    }

    @Test
    void aChangeWhoseDependenciesAreAppliedOrMergedApplies() {
        store.record(new StoredOutcome(id("p1"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        store.record(new StoredOutcome(id("p2"), "A", key("e2"), ReceiptStatus.MERGED, 1, 2L, null, null, null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("p1", "p2"));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(plan.queueAdds()).isEmpty();
    }

    @Test
    void aParentAppliedEarlierInTheSameBatchSatisfiesItsChild() {
        BatchPlan plan = store.run(create("parent", "list").set("name", "Groceries"),
                create("child", "item").set("list", "list").dependsOn("parent"));

        assertThat(receiptOf(plan, "child")).isEqualTo(Receipt.applied("child", NOTES, "item", 1));
    }

    @Test
    void aChildBeforeItsParentInTheSameBatchWaits() {
        BatchPlan plan = store.run(create("child", "item").set("list", "list").dependsOn("parent"),
                create("parent", "list").set("name", "Groceries"));

        assertThat(receiptOf(plan, "child").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(receiptOf(plan, "parent").status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.queueAdds().keySet()).containsExactly(id("child"));
    }

    @Test
    void aChangeBehindAWaitingChangeWaitsEvenWithoutDependencies() {
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("parent"), QUEUED_AT, DEADLINE);

        BatchPlan plan = store.run(update("c2", "e1", 1).set("body", "no dependencies"));

        assertThat(plan.queueAdds().keySet()).containsExactly(id("c2"));
        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.pending("c2", NOTES, "e1"));
        assertThat(plan.entityWrites()).isEmpty();
        assertThat(store.queue("e1")).containsExactly("c1", "c2");
    }

    @Test
    void aLaterChangeInTheSameBatchWaitsBehindAnEarlierWaitingChangeOfTheSameEntityButNotOthers() {
        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x").dependsOn("parent"),
                update("c2", "e1", 1).set("body", "no dependencies"),
                create("c3", "other").set("title", "unrelated"));

        assertThat(plan.queueAdds().keySet()).containsExactly(id("c1"), id("c2"));
        assertThat(receiptOf(plan, "c3").status()).isEqualTo(ReceiptStatus.APPLIED);
    }

    // ---------------------------------------------------------------- the queue retrier

    @Test
    void aWaitingChangeWhoseDependencyIsNowAppliedAppliesWhenItsQueueIsDrained() {
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("parent"), QUEUED_AT, DEADLINE);
        store.record(new StoredOutcome(id("parent"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));

        BatchPlan plan = store.drain("e1");

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.queueRemovals()).containsExactly(id("c1"));
        assertThat(plan.queueAdds()).isEmpty();
        assertThat(store.queue("e1")).isEmpty();
    }

    @Test
    void aParentAppliedLaterLetsItsWaitingChildApplyOnTheNextDrain() {
        store.run(update("child", "e1", 1).set("title", "x").dependsOn("parent"));
        store.run(create("parent", "list").set("name", "Groceries"));
        assertThat(store.queue("e1")).containsExactly("child");

        BatchPlan plan = store.drain("e1");

        assertThat(receiptOf(plan, "child")).isEqualTo(Receipt.applied("child", NOTES, "e1", 2));
        assertThat(store.queue("e1")).isEmpty();
    }

    @Test
    void aWaitingChangePastItsDeadlineIsRejectedDependencyMissingAndTheChangeBehindItThenApplies() {
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("parent"), QUEUED_AT, DEADLINE);
        store.enqueue(update("c2", "e1", 1).set("body", "y"), QUEUED_AT.plusSeconds(1), DEADLINE.plusSeconds(1));
        store.now = DEADLINE;

        BatchPlan plan = store.drain("e1");

        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.DEPENDENCY_MISSING),
                Receipt.applied("c2", NOTES, "e1", 2));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(plan.historyRows()).extracting(EntityState::version).containsExactly(2L);
        assertThat(plan.queueRemovals()).containsExactly(id("c1"), id("c2"));
        assertThat(store.queue("e1")).isEmpty();
    }

    @Test
    void aWaitingChangeBeforeItsDeadlineKeepsItsPlaceAndNothingBehindItIsDecided() {
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("parent"), QUEUED_AT, DEADLINE);
        store.enqueue(update("c2", "e1", 1).set("body", "y"), QUEUED_AT, DEADLINE);
        store.now = DEADLINE.minusMillis(1);

        BatchPlan plan = store.drain("e1");

        assertThat(plan.results()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.queue("e1")).containsExactly("c1", "c2");
    }

    @Test
    void aWaitingChangeThatDependsOnTheChangeAheadOfItAppliesRightAfterIt() {
        store.record(new StoredOutcome(id("parent"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("parent"), QUEUED_AT, DEADLINE);
        store.enqueue(update("c2", "e1", 2).set("body", "y").dependsOn("c1"), QUEUED_AT, DEADLINE);

        BatchPlan plan = store.drain("e1");

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.applied("c2", NOTES, "e1", 3));
    }

    @Test
    void aDrainedChangeThatConflictsGoesToTheConflictPathWithTheEntityAsItIsNowAndTheRestKeepsWaiting() {
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat"));
        store.record(new StoredOutcome(id("parent"), "A", key("e2"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        QueuedChange stale = store.enqueue(update("b1", "e1", 1).by("B").set("title", "Soy").dependsOn("parent"),
                QUEUED_AT, DEADLINE);
        store.enqueue(update("c1", "e1", 2).by("C").set("body", "z"), QUEUED_AT, DEADLINE);

        BatchPlan plan = store.drain("e1");

        assertThat(plan.detours()).containsExactly(new BatchPlan.Detour(stale.envelope(), 1L,
                store.entity("e1").snapshot(), ConflictEvent.REASON_CONCURRENT_EDIT));
        assertThat(plan.detours().get(0).remote().version()).isEqualTo(2);
        assertThat(plan.results()).as("b1 heard pending when it was queued").isEmpty();
        assertThat(store.outcome("b1").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        assertThat(store.queue("e1")).containsExactly("c1");
    }

    @Test
    void theQueueOfAnEntityWithAChangeInTheConflictPathIsNotDrained() {
        store.entities.put(key("e1"), store.entity("e1").withDetours(1));
        store.enqueue(update("c1", "e1", 1).set("title", "x"), QUEUED_AT, DEADLINE);
        store.now = DEADLINE.plusSeconds(3600);

        BatchPlan plan = store.drain("e1");

        assertThat(plan.results()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.queue("e1")).containsExactly("c1");
    }

    @Test
    void drainingAnEntityWithAnEmptyQueueWritesNothing() {
        BatchPlan plan = store.drain("e1", "e2");

        assertThat(plan.results()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
    }

    @Test
    void drainingDecidesEachGivenEntitysQueueOnItsOwn() {
        store.record(new StoredOutcome(id("parent"), "A", key("e9"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        store.enqueue(update("c1", "e1", 1).set("title", "x").dependsOn("missing"), QUEUED_AT, DEADLINE);
        store.enqueue(create("c2", "e2").set("title", "y").dependsOn("parent"), QUEUED_AT, DEADLINE);

        BatchPlan plan = store.drain("e1", "e2");

        assertThat(plan.results()).extracting(ResultEvent::receipt)
                .containsExactly(Receipt.applied("c2", NOTES, "e2", 1));
        assertThat(store.queue("e1")).containsExactly("c1");
    }

    // ---------------------------------------------------------------- after a return

    @Test
    void afterAReturnTheQueueStopsAtAChangeStillWaitingForItsDependencies() {
        ChangeEnvelope inFlight = inFlightOnE1();
        store.run(update("c1", "e1", 2).by("C").set("body", "x").dependsOn("parent"));
        store.run(update("c2", "e1", 2).by("C").set("body", "y"));

        BatchPlan plan = store.run(mergedOnto(inFlight, 2, null));

        assertThat(plan.results()).extracting(ResultEvent::receipt)
                .containsExactly(Receipt.merged("b1", NOTES, "e1", 3));
        assertThat(store.queue("e1")).containsExactly("c1", "c2");
        assertThat(store.entity("e1").detours()).isZero();
    }

    @Test
    void afterAReturnAQueuedChangePastItsDeadlineWithMissingDependenciesIsRejectedAndTheQueueMovesOn() {
        ChangeEnvelope inFlight = inFlightOnE1();
        store.run(update("c1", "e1", 2).by("B").set("body", "x").dependsOn("parent"));
        store.run(update("c2", "e1", 2).by("B").set("body", "y"));
        store.now = NOW.plus(WAIT);

        BatchPlan plan = store.run(mergedOnto(inFlight, 2, null));

        assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                Receipt.merged("b1", NOTES, "e1", 3),
                Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.DEPENDENCY_MISSING),
                Receipt.applied("c2", NOTES, "e1", 4));
        assertThat(store.queue("e1")).isEmpty();
    }

    /** e1 at v2 by A, B's b1 on base 1 in the conflict path. */
    private ChangeEnvelope inFlightOnE1() {
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat"));
        ChangeEnvelope inFlight = update("b1", "e1", 1).by("B").set("title", "Soy").envelope();
        store.run(inFlight);
        assertThat(store.entity("e1").detours()).isEqualTo(1);
        return inFlight;
    }
}
