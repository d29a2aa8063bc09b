package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.returning;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.Verdict;

/** DESIGN.md 5.1/5.6: a change id already recorded gets its stored outcome back and writes nothing. */
class ApplyPlannerIdempotencyTest {

    private static final String DETOUR_EVENT = "{\"type\":\"conflict\",\"reason\":\"concurrent-edit\"}";

    private final Planning.Store store = new Planning.Store();

    @Test
    void aChangeIdWithAStoredFinalOutcomeGetsADuplicateReceiptCarryingTheOriginalStatusAndWritesNothing() {
        store.run(create("c0", "e1").set("title", "Milk"));
        store.record(new StoredOutcome(id("c1"), "A", key("e1"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "again"));

        Receipt receipt = receiptOf(plan, "c1");
        assertThat(receipt.status()).isEqualTo(ReceiptStatus.DUPLICATE);
        assertThat(receipt.originalStatus()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(receipt.outcome()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(receipt.version()).isEqualTo(1L);
        assertThat(receipt.etag()).isEqualTo("v1");
        assertThat(plan.writesNothing()).isTrue();
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
        assertThat(plan.detours()).isEmpty();
    }

    @Test
    void aDuplicateOfARejectedChangeCarriesTheRejectionCode() {
        store.record(new StoredOutcome(id("c1"), "A", key("e1"), ReceiptStatus.REJECTED, 0, null, null,
                ReceiptCodes.NOT_FOUND, null));

        BatchPlan plan = store.run(update("c1", "e1", 1).set("title", "x"));

        assertThat(receiptOf(plan, "c1"))
                .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.NOT_FOUND).asDuplicate());
        assertThat(plan.writesNothing()).isTrue();
    }

    @Test
    void aChangeDeliveredTwiceInOneBatchIsAppliedOnceAndAnsweredDuplicateTheSecondTime() {
        ChangeEnvelope once = create("c1", "e1").set("title", "Milk").envelope();

        BatchPlan plan = store.run(once, once);

        assertThat(plan.results()).extracting(result -> result.receipt().status())
                .containsExactly(ReceiptStatus.APPLIED, ReceiptStatus.DUPLICATE);
        assertThat(plan.results().get(1).receipt().originalStatus()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.historyRows()).hasSize(1);
        assertThat(plan.detours()).as("not a create of an existing id").isEmpty();
    }

    @Test
    void aChangeIdWithAStoredPendingOutcomeGetsAPendingReceiptAndItsDetourEventIsSentAgain() {
        store.run(create("c0", "e1").set("title", "Milk"));
        store.entities.put(key("e1"), store.entity("e1").withDetours(1));
        store.record(new StoredOutcome(id("c1"), "B", key("e1"), ReceiptStatus.PENDING, 0, null, null, null,
                DETOUR_EVENT));

        BatchPlan plan = store.run(update("c1", "e1", 1).by("B").set("title", "x"));

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.detourReplays()).containsExactly(DETOUR_EVENT);
        assertThat(plan.detours()).as("no second detour").isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.entity("e1").detours()).as("the fence is not raised twice").isEqualTo(1);
    }

    @Test
    void aChangeWaitingInItsQueueThatIsDeliveredAgainIsAnsweredPendingAndKeepsItsOnePlaceInTheQueue() {
        store.run(create("c0", "e1").set("title", "Milk"));
        Planning.Draft waiting = update("c1", "e1", 1).set("title", "x").dependsOn("p1");
        store.enqueue(waiting, Planning.NOW.minusSeconds(60), Planning.NOW.plus(Planning.WAIT));

        BatchPlan plan = store.run(waiting);

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.detourReplays()).as("it never detoured").isEmpty();
        assertThat(plan.queueAdds()).as("already in its entity's queue").isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.queue("e1")).containsExactly("c1");
    }

    @Test
    void aChangeThatWentFromItsQueueToTheConflictPathIsAnsweredPendingAndItsDetourEventIsSentAgain() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat"));
        ChangeEnvelope inFlight = update("b1", "e1", 1).by("B").set("title", "Soy").envelope();
        store.run(inFlight);
        Planning.Draft queued = update("c1", "e1", 2).by("C").set("title", "Rice");
        store.run(queued);
        store.run(Planning.mergedOnto(inFlight, 2, null)); // v3 by B: c1 (base 2) now conflicts and detours
        assertThat(store.outcome("c1").detourEvent()).isEqualTo(Planning.detourEvent(queued.envelope()));

        BatchPlan plan = store.run(queued);

        assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.pending("c1", NOTES, "e1"));
        assertThat(plan.detourReplays()).containsExactly(Planning.detourEvent(queued.envelope()));
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.entity("e1").detours()).isEqualTo(1);
    }

    @Test
    void aReturningChangeWhoseAttemptIsNotNewerThanTheStoredOneIsAReplay() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat"));
        ChangeEnvelope sent = update("b1", "e1", 1).by("B").set("title", "Soy").envelope();
        store.run(sent);
        ChangeEnvelope firstReturn = returning(sent, Verdict.APPLY);
        store.run(firstReturn); // stale again: detours a second time, pending at attempt 1
        assertThat(store.outcome("b1").attempt()).isEqualTo(1);
        assertThat(store.outcome("b1").status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(store.entity("e1").detours()).isEqualTo(1);

        BatchPlan plan = store.run(firstReturn);

        assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.pending("b1", NOTES, "e1"));
        assertThat(plan.detourReplays()).containsExactly(Planning.detourEvent(firstReturn));
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.entity("e1").detours()).isEqualTo(1);
    }

    @Test
    void aReturningChangeWhoseOutcomeIsAlreadyFinalIsAnsweredDuplicateWithoutLiftingTheFenceAgain() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat"));
        ChangeEnvelope sent = update("b1", "e1", 1).by("B").set("title", "Soy").envelope();
        store.run(sent);
        ChangeEnvelope merged = Planning.mergedOnto(sent, 2, null);
        store.run(merged);
        store.run(update("c1", "e1", 1).by("C").set("title", "stale")); // raises the fence again
        assertThat(store.entity("e1").detours()).isEqualTo(1);

        BatchPlan plan = store.run(merged);

        assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 3).asDuplicate());
        assertThat(plan.writesNothing()).isTrue();
        assertThat(store.entity("e1").detours()).isEqualTo(1);
    }

    @Test
    void twoChangesToTheSameEntityInOneBatchChainTheSecondSeesVersionTwo() {
        BatchPlan plan = store.run(create("c1", "e1").by("A").set("title", "Milk"),
                update("c2", "e1", 1).by("B").set("title", "Eggs"),
                update("c3", "e1", 2).by("C").set("title", "Butter"));

        assertThat(receiptOf(plan, "c2")).isEqualTo(Receipt.applied("c2", NOTES, "e1", 2));
        assertThat(receiptOf(plan, "c3")).isEqualTo(Receipt.applied("c3", NOTES, "e1", 3));
        assertThat(plan.historyRows()).extracting(EntityState::version).containsExactly(1L, 2L, 3L);
        assertThat(plan.logRows()).extracting(BatchPlan.LogRow::changeId).containsExactly("c1", "c2", "c3");
        assertThat(plan.entityWrites().get(key("e1")).version()).isEqualTo(3);
        assertThat(plan.entityWrites()).hasSize(1);
        assertThat(plan.outcomeWrites().keySet()).containsExactlyElementsOf(List.of(id("c1"), id("c2"), id("c3")));
    }
}
