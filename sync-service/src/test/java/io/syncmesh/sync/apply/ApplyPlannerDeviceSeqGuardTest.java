package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.text;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/** DESIGN.md 5.5, second guard: a field never goes back to an older write of the device that last wrote it. */
class ApplyPlannerDeviceSeqGuardTest {

    private final Planning.Store store = new Planning.Store();

    /** e1 at v2: title last written by A with deviceSeq 10, body by O (the creator). */
    @BeforeEach
    void aFieldLastWrittenByDeviceAWithDeviceSeq10() {
        store.run(create("c0", "e1").by("O").seq(1).set("title", "created").set("body", "created"));
        store.run(update("a10", "e1", 1).by("A").seq(10).set("title", "A#10"));
        assertThat(store.entity("e1").fieldMeta().get("title").deviceSeq()).isEqualTo(10);
    }

    @Test
    void anOlderWriteOfTheSameDeviceDoesNotOverwriteTheFieldButItsOtherFieldsApply() {
        BatchPlan plan = store.run(update("a5", "e1", 2).by("A").seq(5).set("title", "A#5").set("body", "A#5"));

        EntityState after = plan.entityWrites().get(key("e1"));
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.fields().get("title")).isEqualTo(text("A#10"));
        assertThat(after.fieldMeta().get("title").deviceSeq()).isEqualTo(10);
        assertThat(after.fieldMeta().get("title").version()).isEqualTo(2);
        assertThat(after.fields().get("body")).isEqualTo(text("A#5"));
        assertThat(after.fieldMeta().get("body")).satisfies(meta -> {
            assertThat(meta.version()).isEqualTo(3);
            assertThat(meta.device()).isEqualTo("A");
            assertThat(meta.deviceSeq()).isEqualTo(5);
        });
        assertThat(receiptOf(plan, "a5")).isEqualTo(Receipt.applied("a5", NOTES, "e1", 3));
    }

    @Test
    void aWriteOfAnotherDeviceIsNotSubjectToTheGuard() {
        BatchPlan plan = store.run(update("b5", "e1", 2).by("B").seq(5).set("title", "B#5"));

        EntityState after = plan.entityWrites().get(key("e1"));
        assertThat(after.fields().get("title")).isEqualTo(text("B#5"));
        assertThat(after.fieldMeta().get("title")).extracting(FieldMeta::device, FieldMeta::deviceSeq)
                .containsExactly("B", 5L);
    }

    @Test
    void aNewerWriteOfTheSameDeviceOverwritesTheField() {
        store.run(update("a11", "e1", 2).by("A").seq(11).set("title", "A#11"));

        assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("A#11"));
    }

    @Test
    void aChangeWithoutDeviceSeqIsNotSubjectToTheGuard() {
        store.run(update("a-", "e1", 2).by("A").set("title", "A#none"));

        assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("A#none"));
    }

    @Test
    void whenEveryFieldIsSkippedNoVersionIsWrittenAndTheReceiptIsAppliedWithTheCurrentVersion() {
        BatchPlan plan = store.run(update("a5", "e1", 2).by("A").seq(5).set("title", "A#5"));

        assertThat(plan.entityWrites()).isEmpty();
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
        assertThat(receiptOf(plan, "a5")).isEqualTo(Receipt.applied("a5", NOTES, "e1", 2));
        assertThat(receiptOf(plan, "a5").etag()).isEqualTo("v2");
        assertThat(plan.outcomeWrites().get(id("a5")).status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.outcomeWrites().get(id("a5")).version()).isEqualTo(2L);
        assertThat(store.entity("e1").fields().get("title")).isEqualTo(text("A#10"));
    }
}
