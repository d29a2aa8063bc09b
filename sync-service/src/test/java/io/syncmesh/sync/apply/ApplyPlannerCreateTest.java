package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOTES;
import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.RECEIVED;
import static io.syncmesh.sync.apply.Planning.TENANT;
import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.resultOf;
import static io.syncmesh.sync.apply.Planning.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;

/** DESIGN.md 5.2: a create of a new id is version 1; a create of an existing id is a conflict. */
class ApplyPlannerCreateTest {

    private final Planning.Store store = new Planning.Store();

    @Test
    void createOfNewEntityWritesVersionOneWithOneHistoryRowOneLogRowAndAnAppliedReceipt() {
        Instant clientTime = Instant.parse("2025-03-14T09:58:00Z");

        BatchPlan plan = store.run(create("c1", "e1").by("A").seq(7).at(clientTime).set("title", "Milk"));

        EntityState written = plan.entityWrites().get(key("e1"));
        assertThat(written.version()).isEqualTo(1);
        assertThat(written.fields()).isEqualTo(Map.of("title", text("Milk")));
        assertThat(written.fieldMeta()).isEqualTo(Map.of("title", new FieldMeta(1, "A", 7, clientTime)));
        assertThat(written.deleted()).isFalse();
        assertThat(written.updatedBy()).isEqualTo("A");
        assertThat(written.updatedAt()).isEqualTo(NOW);
        assertThat(written.chainDevice()).isEqualTo("A");
        assertThat(written.chainStart()).isEqualTo(1);
        assertThat(written.detours()).isZero();

        assertThat(plan.historyRows()).containsExactly(written);
        assertThat(plan.logRows()).containsExactly(new BatchPlan.LogRow(key("e1"), 1, "c1", "A"));
        assertThat(plan.outcomeWrites().get(id("c1")).status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(plan.outcomeWrites().get(id("c1")).version()).isEqualTo(1L);
        assertThat(plan.results()).containsExactly(
                ResultEvent.of(TENANT, "A", Receipt.applied("c1", NOTES, "e1", 1), null));
        assertThat(plan.results().get(0).receipt().etag()).isEqualTo("v1");
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.queueAdds()).isEmpty();
    }

    @Test
    void fieldWriteTimeIsTheClientTimeClampedToWhenTheServerReceivedTheChange() {
        Instant clockAhead = RECEIVED.plusSeconds(3600);

        BatchPlan plan = store.run(create("c1", "e1").at(clockAhead).set("title", "Milk"));

        assertThat(plan.entityWrites().get(key("e1")).fieldMeta().get("title").time()).isEqualTo(RECEIVED);
    }

    @Test
    void createWithoutDeviceSeqRecordsMinusOneAsTheFieldsDeviceSeq() {
        BatchPlan plan = store.run(create("c1", "e1").set("title", "Milk"));

        assertThat(plan.entityWrites().get(key("e1")).fieldMeta().get("title").deviceSeq()).isEqualTo(-1);
    }

    @Test
    void createOfAnExistingIdDetoursWithReasonAlreadyExistsInMergeMode() {
        store.run(create("c1", "e1").by("A").set("title", "Milk"));
        EntityState existing = store.entity("e1");
        ChangeEnvelope second = create("c2", "e1").by("B").set("title", "Eggs").envelope();

        BatchPlan plan = store.run(second);

        assertThat(plan.detours()).containsExactly(
                new BatchPlan.Detour(second, null, existing.snapshot(), ConflictEvent.REASON_ALREADY_EXISTS));
        assertThat(plan.outcomeWrites().get(id("c2")).status()).isEqualTo(ReceiptStatus.PENDING);
        assertThat(plan.results()).containsExactly(
                ResultEvent.of(TENANT, "B", Receipt.pending("c2", NOTES, "e1"), null));
        EntityState after = plan.entityWrites().get(key("e1"));
        assertThat(after.detours()).isEqualTo(1);
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.fields()).isEqualTo(existing.fields());
        assertThat(plan.historyRows()).isEmpty();
        assertThat(plan.logRows()).isEmpty();
    }

    @Test
    void createOfAnExistingIdInRejectModeIsRejectedPreconditionFailedWithTheCurrentEntity() {
        store.run(create("c1", "e1").by("A").set("title", "Milk"));
        EntityState existing = store.entity("e1");

        BatchPlan plan = store.run(create("c2", "e1").by("B").set("title", "Eggs").rejectOnConflict());

        ResultEvent result = resultOf(plan, "c2");
        assertThat(result.receipt()).isEqualTo(Receipt.rejected("c2", NOTES, "e1", ReceiptCodes.PRECONDITION_FAILED));
        assertThat(result.current()).isEqualTo(existing.toEntity());
        assertThat(result.current().etag()).isEqualTo("v1");
        assertThat(result.current().fields()).isEqualTo(Map.of("title", text("Milk")));
        assertThat(plan.outcomeWrites().get(id("c2")).status()).isEqualTo(ReceiptStatus.REJECTED);
        assertThat(plan.detours()).isEmpty();
        assertThat(plan.entityWrites()).as("no fence is raised").isEmpty();
    }

    @Test
    void createOfAnIdThatIsNowATombstoneIsStillAConflict() {
        store.run(create("c1", "e1").set("title", "Milk"));
        store.run(Planning.delete("c2", "e1", 1));

        BatchPlan plan = store.run(create("c3", "e1").by("B").set("title", "Eggs"));

        assertThat(plan.detours()).singleElement()
                .satisfies(detour -> assertThat(detour.reason()).isEqualTo(ConflictEvent.REASON_ALREADY_EXISTS));
    }
}
