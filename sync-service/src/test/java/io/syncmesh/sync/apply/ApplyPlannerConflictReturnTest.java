package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.RECEIVED;
import static io.syncmesh.sync.apply.Planning.TENANT;
import static io.syncmesh.sync.apply.Planning.WAIT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.delete;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.mergedOnto;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.returning;
import static io.syncmesh.sync.apply.Planning.text;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Verdict;

/**
 * ADR 3 and 6: what a change coming back from the conflict path (origin merge) or an operator's resolution (origin
 * resolution) does to its entity: a merge that kept nothing settles without a write, a merge or a resolution may bring
 * a deleted entity back, a return that finds the entity moved goes through the conflict path again, and a return that
 * is not newer than what is stored is only answered. Field times use the registry's clock skew.
 */
class ApplyPlannerConflictReturnTest {

    private static final String CONFLICT_ID = "cf-7";

    private final Planning.Store store = new Planning.Store();

    /** The envelope coming back merged onto {@code newBase} keeping exactly {@code kept} (null: no fields at all). */
    private static ChangeEnvelope mergedKeeping(ChangeEnvelope sent, long newBase, Map<String, JsonNode> kept) {
        return sent.returning(sent.change().withBaseVersion(newBase).withFields(kept), Verdict.MERGED, null, null);
    }

    /** An operator's resolution of conflict item {@code conflictId}, as the conflict-service sends it. */
    private static ChangeEnvelope resolution(Planning.Draft draft, String conflictId) {
        ChangeEnvelope drafted = draft.envelope();
        return new ChangeEnvelope(ChangeEnvelope.TYPE, ChangeEnvelope.SCHEMA_VERSION, drafted.tenant(),
                drafted.device(), drafted.receivedAt(), drafted.change(), Origin.RESOLUTION, 0, ConflictMode.MERGE,
                null, conflictId, null, null);
    }

    private static Receipt appliedResolving(String changeId, long version, String conflictId) {
        return new Receipt(changeId, ReceiptStatus.APPLIED, null, NOTES, "e1", version, Etags.of(version), conflictId,
                null);
    }

    private List<Receipt> receiptsFor(String changeId) {
        return store.receipts().stream().filter(receipt -> receipt.changeId().equals(changeId)).toList();
    }

    // ---------------------------------------------------------------- a merge that kept nothing

    /** e1 is at v2 (written by A); B's change on base 1 is in flight through the conflict path. */
    @Nested
    class AMergeThatKeptNothing {

        private ChangeEnvelope concurrent;

        @BeforeEach
        void aChangeInFlightThroughTheConflictPath() {
            store.run(create("c0", "e1").by("O").set("title", "Milk"));
            store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
            concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
            store.run(concurrent);
            assertThat(store.entity("e1").detours()).isEqualTo(1);
        }

        @ParameterizedTest
        @NullAndEmptySource
        void isMergedAtTheCurrentVersionWithoutAWriteAndLiftsTheFence(Map<String, JsonNode> kept) {
            EntityState before = store.entity("e1");

            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, kept));

            assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 2));
            assertThat(plan.historyRows()).as("no new version").isEmpty();
            assertThat(plan.logRows()).isEmpty();
            assertThat(plan.detours()).isEmpty();
            assertThat(plan.entityWrites()).as("only the fence count changes")
                    .containsExactly(Map.entry(key("e1"), before.withDetours(0)));
            EntityState after = store.entity("e1");
            assertThat(after.version()).isEqualTo(2);
            assertThat(after.fields()).isEqualTo(Map.of("title", text("Oat milk")));
            assertThat(after.updatedBy()).isEqualTo("A");
            assertThat(after.detours()).isZero();
            StoredOutcome outcome = store.outcome("b1");
            assertThat(outcome.status()).isEqualTo(ReceiptStatus.MERGED);
            assertThat(outcome.version()).isEqualTo(2L);
            assertThat(outcome.attempt()).isEqualTo(1);
            assertThat(outcome.conflictId()).isNull();
        }

        @Test
        void letsTheEntitysQueueBeDecidedAfterItInOrder() {
            store.run(update("c1", "e1", 2).by("C").set("body", "C")); // base 2 is current: applies as v3
            store.run(update("x1", "e1", 2).by("X").set("body", "X")); // v3 is C's: goes to the conflict path
            store.run(update("y1", "e1", 3).by("Y").set("body", "Y")); // waits behind x1
            assertThat(store.queue("e1")).containsExactly("c1", "x1", "y1");

            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, null));

            assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                    Receipt.merged("b1", NOTES, "e1", 2),
                    Receipt.applied("c1", NOTES, "e1", 3));
            assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 3, "c1", "C"));
            assertThat(plan.detours()).singleElement().satisfies(detour -> {
                assertThat(detour.envelope().change().changeId()).isEqualTo("x1");
                assertThat(detour.remote().version()).isEqualTo(3);
            });
            assertThat(plan.queueRemovals()).containsExactly(id("c1"), id("x1"));
            assertThat(store.queue("e1")).containsExactly("y1");
            assertThat(store.entity("e1").detours()).isEqualTo(1);
            assertThat(store.entity("e1").fields().get("body")).isEqualTo(text("C"));
        }
    }

    // ---------------------------------------------------------------- a deleted entity

    /** e1 was deleted by A (tombstone v2); B's edit on base 1 is in flight through the conflict path. */
    @Nested
    class OnATombstone {

        private ChangeEnvelope concurrent;

        @BeforeEach
        void anEditOfADeletedEntityInFlightThroughTheConflictPath() {
            store.run(create("c0", "e1").by("O").set("title", "Milk").set("body", "2 litres"));
            store.run(delete("d1", "e1", 1).by("A"));
            concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
            store.run(concurrent);
            assertThat(store.entity("e1").deleted()).isTrue();
            assertThat(store.entity("e1").version()).isEqualTo(2);
            assertThat(store.entity("e1").detours()).isEqualTo(1);
        }

        @Test
        void aMergedReturnWithFieldsBringsTheEntityBackWithThoseFields() {
            BatchPlan plan = store.run(mergedOnto(concurrent, 2, Map.of("title", text("Soy milk"))));

            assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 3));
            EntityState back = store.entity("e1");
            assertThat(back.deleted()).isFalse();
            assertThat(back.version()).isEqualTo(3);
            assertThat(back.fields()).as("the fields of the merged change, nothing of before the delete")
                    .isEqualTo(Map.of("title", text("Soy milk")));
            assertThat(back.fieldMeta().get("title").version()).isEqualTo(3);
            assertThat(back.fieldMeta().get("title").device()).isEqualTo("B");
            assertThat(back.updatedBy()).isEqualTo("B");
            assertThat(back.detours()).isZero();
            assertThat(back.toEntity().deleted()).isFalse();
            assertThat(back.toEntity().fields()).isEqualTo(Map.of("title", text("Soy milk")));
            assertThat(plan.historyRows()).containsExactly(back);
            assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 3, "b1", "B"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        void aMergedReturnWithoutFieldsSettlesOnTheTombstoneWithoutAWrite(Map<String, JsonNode> kept) {
            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, kept));

            assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 2));
            assertThat(store.entity("e1").deleted()).isTrue();
            assertThat(store.entity("e1").version()).isEqualTo(2);
            assertThat(store.entity("e1").fields()).isEmpty();
            assertThat(store.entity("e1").detours()).isZero();
            assertThat(plan.historyRows()).isEmpty();
            assertThat(plan.logRows()).isEmpty();
        }

        @Test
        void aClientUpdateOnTheTombstoneAtItsVersionIsStillRejectedEntityDeleted() {
            store.run(returning(concurrent, Verdict.MANUAL)); // the fence lifts, the tombstone stays

            BatchPlan plan = store.run(update("c1", "e1", 2).by("C").set("title", "back"));

            assertThat(receiptOf(plan, "c1"))
                    .isEqualTo(Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.ENTITY_DELETED));
            assertThat(plan.entityWrites()).isEmpty();
            assertThat(plan.historyRows()).isEmpty();
            assertThat(store.entity("e1").deleted()).isTrue();
        }

        @Test
        void aClientUpdateQueuedBehindAReturnThatLeftTheTombstoneIsStillRejectedEntityDeleted() {
            store.run(update("c1", "e1", 2).by("C").set("title", "back"));
            assertThat(store.queue("e1")).containsExactly("c1");

            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, null));

            assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                    Receipt.merged("b1", NOTES, "e1", 2),
                    Receipt.rejected("c1", NOTES, "e1", ReceiptCodes.ENTITY_DELETED));
            assertThat(store.entity("e1").deleted()).isTrue();
            assertThat(plan.historyRows()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- resolutions

    @Nested
    class Resolutions {

        @BeforeEach
        void anEntityAtVersionOne() {
            store.run(create("c0", "e1").by("O").set("title", "Milk"));
        }

        @Test
        void aResolutionThatAppliesCarriesItsConflictIdInTheReceiptAndTheStoredOutcome() {
            ChangeEnvelope decided = resolution(update("r1", "e1", 1).by("B").set("title", "Decided"), CONFLICT_ID);

            BatchPlan plan = store.run(decided);

            assertThat(receiptOf(plan, "r1")).isEqualTo(appliedResolving("r1", 2, CONFLICT_ID));
            StoredOutcome outcome = store.outcome("r1");
            assertThat(outcome.status()).isEqualTo(ReceiptStatus.APPLIED);
            assertThat(outcome.conflictId()).isEqualTo(CONFLICT_ID);
            assertThat(outcome.receipt()).isEqualTo(appliedResolving("r1", 2, CONFLICT_ID));
            assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("Decided"));
        }

        @Test
        void aClientChangeThatAppliesHasNoConflictId() {
            BatchPlan plan = store.run(update("c1", "e1", 1).by("B").set("title", "Client"));

            assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
            assertThat(receiptOf(plan, "c1").conflictId()).isNull();
            assertThat(store.outcome("c1").conflictId()).isNull();
        }

        @Test
        void aConflictIdOnAClientEnvelopeIsNotPutInTheReceipt() {
            ChangeEnvelope drafted = update("c1", "e1", 1).by("B").set("title", "Client").envelope();
            ChangeEnvelope withConflictId = new ChangeEnvelope(ChangeEnvelope.TYPE, ChangeEnvelope.SCHEMA_VERSION,
                    TENANT, "B", RECEIVED, drafted.change(), Origin.CLIENT, 0, ConflictMode.MERGE, null, CONFLICT_ID,
                    null, null);

            BatchPlan plan = store.run(withConflictId);

            assertThat(receiptOf(plan, "c1")).isEqualTo(Receipt.applied("c1", NOTES, "e1", 2));
            assertThat(store.outcome("c1").conflictId()).isNull();
        }

        @Test
        void aResolutionUpdateOnATombstoneBringsTheEntityBack() {
            store.run(delete("d1", "e1", 1).by("A"));
            assertThat(store.entity("e1").deleted()).isTrue();

            BatchPlan plan = store.run(
                    resolution(update("r1", "e1", 2).by("B").set("title", "Restored"), CONFLICT_ID));

            assertThat(receiptOf(plan, "r1")).isEqualTo(appliedResolving("r1", 3, CONFLICT_ID));
            EntityState back = store.entity("e1");
            assertThat(back.deleted()).isFalse();
            assertThat(back.version()).isEqualTo(3);
            assertThat(back.fields()).isEqualTo(Map.of("title", text("Restored")));
            assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 3, "r1", "B"));
        }

        @ParameterizedTest
        @NullAndEmptySource
        void aResolutionThatKeepsTheEntityAsItIsIsAppliedAtTheCurrentVersionWithoutAWrite(
                Map<String, JsonNode> kept) {
            Planning.Draft keepAll = update("r1", "e1", 1).by("B");
            ChangeEnvelope drafted = resolution(keepAll, CONFLICT_ID);
            ChangeEnvelope nothing = new ChangeEnvelope(drafted.type(), drafted.schemaVersion(), drafted.tenant(),
                    drafted.device(), drafted.receivedAt(), drafted.change().withFields(kept), drafted.origin(), 0,
                    drafted.conflictMode(), null, CONFLICT_ID, null, null);

            BatchPlan plan = store.run(nothing);

            assertThat(receiptOf(plan, "r1")).isEqualTo(appliedResolving("r1", 1, CONFLICT_ID));
            assertThat(plan.historyRows()).isEmpty();
            assertThat(plan.logRows()).isEmpty();
            assertThat(store.entity("e1").version()).isEqualTo(1);
        }

        @Test
        void aResolutionWaitsBehindTheFenceAndKeepsItsConflictIdWhenDecidedFromTheQueue() {
            store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
            ChangeEnvelope concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
            store.run(concurrent);
            BatchPlan waiting = store.run(
                    resolution(update("r1", "e1", 2).by("B").set("title", "Decided"), CONFLICT_ID));
            assertThat(receiptOf(waiting, "r1")).isEqualTo(Receipt.pending("r1", NOTES, "e1"));
            assertThat(store.queue("e1")).containsExactly("r1");

            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, null));

            assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(
                    Receipt.merged("b1", NOTES, "e1", 2),
                    appliedResolving("r1", 3, CONFLICT_ID));
            assertThat(store.outcome("r1").conflictId()).isEqualTo(CONFLICT_ID);
        }

        /*
         * A resolution made while the entity moved on takes the conflict path like any change (ADR 8 point 7). Its
         * merged return has origin merge; the conflict-service keeps the item id on it (ConflictDecider), and the
         * planner puts it on the receipt, so the device can still match the receipt to the item.
         */
        @Test
        void aResolutionThatTookTheConflictPathStillNamesItsConflictItemOnItsMergedReceipt() {
            store.run(update("a2", "e1", 1).by("A").set("body", "A")); // the entity moved since the item: v2 by A
            ChangeEnvelope decided = resolution(update("r1", "e1", 1).by("B").set("title", "Decided"), CONFLICT_ID);
            BatchPlan sent = store.run(decided);
            assertThat(sent.detours()).singleElement()
                    .satisfies(detour -> assertThat(detour.envelope().conflictId()).isEqualTo(CONFLICT_ID));
            assertThat(receiptOf(sent, "r1")).isEqualTo(Receipt.pending("r1", NOTES, "e1"));

            // As ConflictDecider answers a merge: origin merge, attempt 1, the item id kept.
            ChangeEnvelope merged = decided.returning(decided.change().withBaseVersion(2L)
                    .withFields(Map.of("title", text("Decided"))), Verdict.MERGED, CONFLICT_ID, null);
            BatchPlan plan = store.run(merged);

            assertThat(receiptOf(plan, "r1").status()).isEqualTo(ReceiptStatus.MERGED);
            assertThat(receiptOf(plan, "r1").version()).isEqualTo(3L);
            assertThat(receiptOf(plan, "r1").conflictId()).as("the receipt names the conflict item it decides")
                    .isEqualTo(CONFLICT_ID);
        }
    }

    // ---------------------------------------------------------------- the entity moved again

    @Nested
    class WhenTheEntityMovedAgain {

        private ChangeEnvelope concurrent;
        private EntityState moved;

        /**
         * B's change on base 1 is in flight; e1 is now at v3 by X, past the v2 the conflict-service merged onto. The
         * fence holds client changes back, so the write of X is put in the store directly: it stands for any version
         * the conflict-service did not see.
         */
        @BeforeEach
        void aChangeInFlightAndAVersionItsMergeDidNotSee() {
            store.run(create("c0", "e1").by("O").set("title", "Milk"));
            store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
            concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
            store.run(concurrent);
            store.run(update("c1", "e1", 2).by("C").set("body", "C")); // waits behind b1
            EntityState v2 = store.entity("e1");
            Map<String, JsonNode> fields = new LinkedHashMap<>(v2.fields());
            fields.put("title", text("Rice milk"));
            Map<String, FieldMeta> meta = new LinkedHashMap<>(v2.fieldMeta());
            meta.put("title", new FieldMeta(3, "X", -1, RECEIVED));
            moved = v2.written(fields, meta, false, NOW, "X");
            store.entities.put(key("e1"), moved);
            assertThat(moved.version()).isEqualTo(3);
            assertThat(moved.detours()).isEqualTo(1);
        }

        @Test
        void aMergedReturnOnABaseBehindTheEntityGoesThroughTheConflictPathAgainWithItsAttempt() {
            ChangeEnvelope back = mergedOnto(concurrent, 2, Map.of("title", text("Soy milk")));
            assertThat(back.attempt()).isEqualTo(1);

            BatchPlan plan = store.run(back);

            assertThat(plan.detours()).containsExactly(
                    new BatchPlan.Detour(back, 2L, moved.snapshot(), ConflictEvent.REASON_CONCURRENT_EDIT));
            assertThat(plan.detours().get(0).envelope().attempt()).isEqualTo(1);
            assertThat(plan.results()).as("b1 already heard pending; c1 still waits").isEmpty();
            StoredOutcome outcome = store.outcome("b1");
            assertThat(outcome.status()).isEqualTo(ReceiptStatus.PENDING);
            assertThat(outcome.attempt()).isEqualTo(1);
            assertThat(store.entity("e1").detours()).isEqualTo(1);
            assertThat(store.entity("e1").version()).isEqualTo(3);
            assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("Rice milk"));
            assertThat(plan.historyRows()).isEmpty();
            assertThat(plan.logRows()).isEmpty();
            assertThat(store.queue("e1")).containsExactly("c1");
            assertThat(receiptsFor("b1")).as("a device hears pending once")
                    .containsExactly(Receipt.pending("b1", NOTES, "e1"));
        }

        @Test
        void theSecondReturnIsSettledAndLetsTheQueueMoveOn() {
            ChangeEnvelope firstBack = mergedOnto(concurrent, 2, Map.of("title", text("Soy milk")));
            store.run(firstBack);
            ChangeEnvelope secondBack = firstBack.returning(
                    firstBack.change().withBaseVersion(3L).withFields(Map.of("title", text("Soy + rice milk"))),
                    Verdict.MERGED, null, null);
            assertThat(secondBack.attempt()).isEqualTo(2);

            BatchPlan plan = store.run(secondBack);

            assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.merged("b1", NOTES, "e1", 4));
            assertThat(store.outcome("b1").attempt()).isEqualTo(2);
            assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("Soy + rice milk"));
            assertThat(plan.detours()).as("c1 (base 2) now meets v4 by B").singleElement()
                    .satisfies(detour -> assertThat(detour.envelope().change().changeId()).isEqualTo("c1"));
            assertThat(receiptsFor("b1")).extracting(Receipt::status)
                    .containsExactly(ReceiptStatus.PENDING, ReceiptStatus.MERGED);
        }
    }

    // ---------------------------------------------------------------- replays

    @Nested
    class Replays {

        private ChangeEnvelope concurrent;

        @BeforeEach
        void aChangeInFlightThroughTheConflictPath() {
            store.run(create("c0", "e1").by("O").set("title", "Milk"));
            store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
            concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
            store.run(concurrent);
        }

        @Test
        void aReturnDeliveredAgainWhileTheDetourItCausedIsPendingIsAnsweredWithTheStoredReceiptOnly() {
            store.entities.put(key("e1"), store.entity("e1").written(store.entity("e1").fields(),
                    store.entity("e1").fieldMeta(), false, NOW, "X")); // v3, which the merge onto v2 did not see
            ChangeEnvelope back = mergedOnto(concurrent, 2, Map.of("title", text("Soy milk")));
            store.run(back); // detours again, pending at attempt 1
            StoredOutcome stored = store.outcome("b1");
            assertThat(stored.attempt()).isEqualTo(1);
            assertThat(stored.detourEvent()).isEqualTo(Planning.detourEvent(back));

            BatchPlan plan = store.run(back);

            assertThat(plan.results()).extracting(ResultEvent::receipt).containsExactly(stored.receipt());
            assertThat(plan.detourReplays()).containsExactly(Planning.detourEvent(back));
            assertThat(plan.detours()).isEmpty();
            assertThat(plan.writesNothing()).isTrue();
            assertThat(plan.historyRows()).isEmpty();
            assertThat(store.entity("e1").detours()).isEqualTo(1);
            assertThat(store.outcome("b1")).isEqualTo(stored);
        }

        @Test
        void aReturnOlderThanTheStoredAttemptIsAReplayAndWritesNothing() {
            ChangeEnvelope firstBack = returning(concurrent, Verdict.APPLY); // base 1 still conflicts: attempt 1
            store.run(firstBack);
            ChangeEnvelope secondBack = firstBack.returning(firstBack.change(), Verdict.APPLY, null, null);
            store.run(secondBack); // conflicts again: attempt 2
            assertThat(store.outcome("b1").attempt()).isEqualTo(2);
            EntityState before = store.entity("e1");

            BatchPlan plan = store.run(mergedKeeping(concurrent, 2, null)); // a late copy of an attempt-1 return

            assertThat(receiptOf(plan, "b1")).isEqualTo(Receipt.pending("b1", NOTES, "e1"));
            assertThat(plan.writesNothing()).isTrue();
            assertThat(plan.detours()).isEmpty();
            assertThat(store.entity("e1")).isEqualTo(before);
            assertThat(store.outcome("b1").attempt()).isEqualTo(2);
        }

        @Test
        void aMergedReturnThatKeptNothingDeliveredAgainIsAnsweredDuplicateAndDecidesNoQueueAgain() {
            ChangeEnvelope back = mergedKeeping(concurrent, 2, null);
            store.run(back);
            store.run(update("x1", "e1", 1).by("X").set("body", "X")); // detours: the fence is up again
            store.run(update("c1", "e1", 2).by("C").set("body", "C")); // waits behind x1
            EntityState before = store.entity("e1");

            BatchPlan plan = store.run(back);

            assertThat(plan.results()).extracting(ResultEvent::receipt)
                    .containsExactly(Receipt.merged("b1", NOTES, "e1", 2).asDuplicate());
            assertThat(plan.writesNothing()).isTrue();
            assertThat(store.entity("e1")).isEqualTo(before);
            assertThat(store.entity("e1").detours()).isEqualTo(1);
            assertThat(store.queue("e1")).containsExactly("c1");
        }
    }

    // ---------------------------------------------------------------- field times

    @Nested
    class FieldTimes {

        private static final Duration SKEW = Duration.ofHours(1);

        private final ApplyPlanner planner = new ApplyPlanner(WAIT, SKEW);

        private FieldMeta titleMetaAfter(Planning.Draft draft, Map<EntityKey, EntityState> known) {
            BatchPlan plan = planner.plan(List.of(draft.fresh()), PlanningContext.of(Map.of(), known, List.of()),
                    NOW);
            assertThat(plan.historyRows()).as("the change is written").hasSize(1);
            return plan.entityWrites().get(key("e1")).fieldMeta().get("title");
        }

        private FieldMeta titleMetaOfCreate(Instant clientTime) {
            return titleMetaAfter(create("c1", "e1").by("A").at(clientTime).set("title", "Milk"), Map.of());
        }

        @Test
        void aDeviceClockFarBehindCountsAsTheClockSkewBeforeTheReceipt() {
            assertThat(titleMetaOfCreate(RECEIVED.minus(Duration.ofDays(400))).time()).isEqualTo(RECEIVED.minus(SKEW));
        }

        @Test
        void aDeviceClockBehindWithinTheClockSkewIsKept() {
            Instant tenMinutesBehind = RECEIVED.minus(Duration.ofMinutes(10));

            assertThat(titleMetaOfCreate(tenMinutesBehind).time()).isEqualTo(tenMinutesBehind);
        }

        @Test
        void aDeviceClockAheadCountsAsTheReceiptNotThePlanningTime() {
            assertThat(titleMetaOfCreate(RECEIVED.plus(Duration.ofDays(2))).time()).isEqualTo(RECEIVED)
                    .isNotEqualTo(NOW);
        }

        @Test
        void anUpdateFromADeviceClockFarBehindCountsAsTheClockSkewBeforeTheReceipt() {
            EntityState existing = EntityState.created(key("e1"), Map.of("title", text("Milk")),
                    Map.of("title", new FieldMeta(1, "O", -1, RECEIVED.minus(Duration.ofDays(1)))), NOW, "O");

            FieldMeta meta = titleMetaAfter(
                    update("c1", "e1", 1).by("A").at(RECEIVED.minus(Duration.ofDays(30))).set("title", "Oat"),
                    Map.of(key("e1"), existing));

            assertThat(meta.time()).isEqualTo(RECEIVED.minus(SKEW));
            assertThat(meta.version()).isEqualTo(2);
        }

        @Test
        void theStoreFixtureUsesTheDefaultClockSkewOfSevenDays() {
            store.run(create("c1", "e1").by("A").at(RECEIVED.minus(Duration.ofDays(30))).set("title", "Milk"));

            assertThat(store.entity("e1").fieldMeta().get("title").time())
                    .isEqualTo(RECEIVED.minus(Duration.ofDays(7)));
        }

        @Test
        void everyFieldOfAChangeGetsTheSameClampedTime() {
            Planning.Draft twoFields = create("c1", "e1").by("A").at(RECEIVED.minus(Duration.ofDays(3)))
                    .set("title", "Milk").set("body", "2 litres");

            BatchPlan plan = planner.plan(List.of(twoFields.fresh()), PlanningContext.of(Map.of(), Map.of(), List.of()),
                    NOW);

            assertThat(plan.entityWrites().get(key("e1")).fieldMeta()).hasSize(2);
            assertThat(plan.entityWrites().get(key("e1")).fieldMeta().values())
                    .extracting(FieldMeta::time)
                    .containsOnly(RECEIVED.minus(SKEW));
        }
    }
}
