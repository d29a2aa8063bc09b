package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.RECEIVED_AT;
import static io.syncmesh.conflict.merge.MergeFixtures.change;
import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.input;
import static io.syncmesh.conflict.merge.MergeFixtures.json;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.meta;
import static io.syncmesh.conflict.merge.MergeFixtures.patchOf;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static io.syncmesh.conflict.merge.MergeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;

/** A create racing a create (the base is the empty entity) and an update whose base left history. */
class CreateAndMissingBaseTest {

    private static MergeOutcome create(String created, EntitySnapshot remote, CollectionSpec spec) {
        return engine().merge(input(change(Op.CREATE, created), null, remote), spec);
    }

    @Test
    void createAgainstCreateMergesDisjointFieldsIntoAnUpdate() {
        MergeOutcome.Merged out = merged(
                create("{'a':1,'b':2}", snapshot(1, "{'a':1,'c':3}"), spec(FieldPolicy.MANUAL)));

        assertThat(out.change().op()).isEqualTo(Op.UPDATE);
        assertThat(out.change().baseVersion()).isEqualTo(1L);
        assertThat(out.change().fields()).isEqualTo(fields("{'b':2}"));
        assertThat(out.bothChanged()).isEmpty();
    }

    @Test
    void createAgainstCreateSettlesASharedFieldByItsPolicy() {
        EntitySnapshot remote = snapshot(1, "{'a':'theirs'}", Map.of("a", meta("dev-a", RECEIVED_AT.minusSeconds(600))),
                null, null);

        MergeOutcome.Merged lww = merged(create("{'a':'mine'}", remote, spec(FieldPolicy.LWW)));
        MergeOutcome.Merged serverWins = merged(create("{'a':'mine'}", remote, spec(FieldPolicy.SERVER_WINS)));

        assertThat(lww.change().fields()).isEqualTo(fields("{'a':'mine'}"));
        assertThat(lww.bothChanged()).containsExactly("a");
        assertThat(serverWins.change().fieldsOrEmpty()).isEmpty();
    }

    @Test
    void createAgainstCreateWithManualGoesToAPersonWithTheCreatedFieldsAsLocal() {
        MergeOutcome.NeedsPerson item = person(
                create("{'a':1,'b':2}", snapshot(1, "{'a':9}"), spec(Map.of("a", FieldPolicy.MANUAL))));

        assertThat(item.conflicts()).containsExactly(new ConflictField("a", "manual", null, json("1"), json("9"),
                "manual"));
        assertThat(item.proposal()).isEqualTo(fields("{'b':2}"));
        assertThat(item.local()).isEqualTo(fields("{'a':1,'b':2}"));
    }

    @Test
    void createAgainstCreateCountsFromZero() {
        assertThat(patchOf(create("{'n':2}", snapshot(1, "{'n':5}"), spec(FieldPolicy.COUNTER))))
                .isEqualTo(fields("{'n':7}"));
    }

    @Test
    void createAgainstCreateUnionsArrays() {
        assertThat(patchOf(create("{'s':['a','b']}", snapshot(1, "{'s':['b','c']}"), spec(FieldPolicy.UNION))))
                .isEqualTo(fields("{'s':['b','c','a']}"));
    }

    @Test
    void missingBaseCountsEveryPatchFieldThatDiffersFromRemoteAsChangedByBoth() {
        MergeOutcome.Merged out = merged(engine().merge(
                input(update("{'a':2,'b':1}"), null, snapshot(3, "{'a':3,'b':1,'c':9}")),
                spec(FieldPolicy.CLIENT_WINS)));

        assertThat(out.change().fields()).isEqualTo(fields("{'a':2}"));
        assertThat(out.bothChanged()).containsExactly("a");
    }

    @Test
    void missingBaseAppliesPoliciesWithAbsentBaseValues() {
        EntitySnapshot remote = snapshot(3, "{'hi':5,'lo':5,'t':'x'}",
                Map.of("t", meta("dev-a", RECEIVED_AT.minusSeconds(3600))), null, null);
        MergeOutcome.Merged out = merged(engine().merge(input(update("{'hi':7,'lo':7,'t':'y'}"), null, remote),
                spec(Map.of("hi", FieldPolicy.MAX, "lo", FieldPolicy.MIN, "t", FieldPolicy.LWW))));

        assertThat(out.change().fields()).isEqualTo(fields("{'hi':7,'t':'y'}"));
        assertThat(out.bothChanged()).containsExactly("hi", "lo", "t");
    }

    @Test
    void missingBaseSendsCountersToAPersonWithThePatchAsLocal() {
        MergeOutcome.NeedsPerson item = person(engine().merge(
                input(update("{'n':4,'m':1}"), null, snapshot(3, "{'n':5}")),
                spec(Map.of("n", FieldPolicy.COUNTER))));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.FIELD_CONFLICT);
        assertThat(item.conflicts()).extracting(ConflictField::why).containsExactly("base-missing");
        assertThat(item.proposal()).isEqualTo(fields("{'m':1}"));
        assertThat(item.local()).isEqualTo(fields("{'m':1,'n':4}"));
    }
}
