package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.create;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.mergedOnto;
import static io.syncmesh.sync.apply.Planning.receiptOf;
import static io.syncmesh.sync.apply.Planning.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * Every event a change causes carries the trace context its record came with ({@link BatchPlan#traces()}), also when
 * the change waited in its entity's queue and leaves it in a later batch that another change (or the retrier) started.
 */
class ApplyPlannerTraceTest {

    private static final String TRACE_PARENT = "00-11111111111111111111111111111111-1111111111111111-01";
    private static final String TRACE_CHILD = "00-22222222222222222222222222222222-2222222222222222-01";
    private static final String TRACE_RETURN = "00-33333333333333333333333333333333-3333333333333333-01";
    private static final String TRACE_LATER = "00-44444444444444444444444444444444-4444444444444444-01";

    private final Planning.Store store = new Planning.Store();

    @Test
    void aFreshChangesEventsCarryItsTrace() {
        BatchPlan plan = store.run(new ChangeInput(create("c0", "e1").set("title", "Milk").envelope(), TRACE_PARENT));

        assertThat(plan.traces()).containsExactly(Map.entry(id("c0"), TRACE_PARENT));
    }

    @Test
    void aChangeWithoutTraceHasNone() {
        BatchPlan plan = store.run(create("c0", "e1").set("title", "Milk"));

        assertThat(plan.traces()).isEmpty();
    }

    @Test
    void aChangeThatWaitedForItsDependencyKeepsItsTraceWhenTheRetrierReleasesIt() {
        ChangeEnvelope child = create("child", "e2").set("list", "e1").dependsOn("parent").envelope();
        BatchPlan queued = store.run(new ChangeInput(child, TRACE_CHILD));
        assertThat(queued.queueAdds().get(id("child")).traceparent()).isEqualTo(TRACE_CHILD);
        assertThat(store.queued).extracting(QueuedChange::traceparent).containsExactly(TRACE_CHILD);

        store.run(new ChangeInput(create("parent", "e1").set("name", "groceries").envelope(), TRACE_PARENT));
        BatchPlan released = store.drain("e2");

        assertThat(receiptOf(released, "child").status()).isEqualTo(ReceiptStatus.APPLIED);
        assertThat(released.traces()).containsExactly(Map.entry(id("child"), TRACE_CHILD));
    }

    @Test
    void aChangeBehindTheFenceLeavesItsQueueWithItsOwnTraceNotTheTraceOfTheReturnThatReleasedIt() {
        store.run(create("c0", "e1").by("O").set("title", "Milk"));
        store.run(update("a2", "e1", 1).by("A").set("title", "Oat milk"));
        ChangeEnvelope concurrent = update("b1", "e1", 1).by("B").set("title", "Soy milk").envelope();
        store.run(concurrent);
        // Made on version 2, but it waits behind B's change, which is in the conflict path.
        store.run(new ChangeInput(update("c1", "e1", 2).by("C").set("body", "C").envelope(), TRACE_LATER));
        assertThat(store.queue("e1")).containsExactly("c1");

        BatchPlan plan = store.run(new ChangeInput(mergedOnto(concurrent, 2, null), TRACE_RETURN));

        assertThat(receiptOf(plan, "b1").status()).isEqualTo(ReceiptStatus.MERGED);
        assertThat(plan.detours()).extracting(detour -> detour.envelope().change().changeId()).containsExactly("c1");
        assertThat(plan.traces()).containsOnly(Map.entry(id("b1"), TRACE_RETURN), Map.entry(id("c1"), TRACE_LATER));
    }
}
