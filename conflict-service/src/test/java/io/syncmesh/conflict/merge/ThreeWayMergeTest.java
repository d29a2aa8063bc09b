package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.CLIENT_TIME;
import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.input;
import static io.syncmesh.conflict.merge.MergeFixtures.json;
import static io.syncmesh.conflict.merge.MergeFixtures.merge;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.patchOf;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static io.syncmesh.conflict.merge.MergeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.FieldPolicy;

/** Field classification (who changed what) and the shape of the merged change. */
class ThreeWayMergeTest {

    @Test
    void disjointFieldsMergeWithoutConflict() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{'title':'a','body':'b'}", "{'title':'A'}",
                "{'title':'a','body':'B'}");

        assertThat(patchOf(outcome)).isEqualTo(fields("{'title':'A'}"));
        assertThat(merged(outcome).bothChanged()).isEmpty();
    }

    @Test
    void aFieldOnlyTheRemoteChangedKeepsTheRemoteValue() {
        MergeOutcome outcome = merge(spec(FieldPolicy.CLIENT_WINS), "{'a':1}", "{'a':1}", "{'a':2}");

        assertThat(patchOf(outcome)).isEmpty();
        assertThat(merged(outcome).bothChanged()).isEmpty();
    }

    @Test
    void bothSidesChangingToTheSameValueIsNoConflict() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{'a':1}", "{'a':2}", "{'a':2}");

        assertThat(patchOf(outcome)).isEmpty();
        assertThat(merged(outcome).bothChanged()).isEmpty();
    }

    @Test
    void numbersAreEqualByValue() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{'a':1,'b':[1]}", "{'a':2.0,'b':[2.00]}",
                "{'a':2,'b':[2]}");

        assertThat(patchOf(outcome)).isEmpty();
    }

    @Test
    void numbersEqualToTheBaseByValueAreNoLocalChange() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{'a':1}", "{'a':1.0}", "{'a':7}");

        assertThat(patchOf(outcome)).isEmpty();
    }

    @Test
    void jsonNullAndAnAbsentFieldAreTheSameNoValue() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{}", "{'a':null}", "{'b':1}");

        assertThat(patchOf(outcome)).isEmpty();
    }

    @Test
    void clearingAFieldOnlyLocallyIsSentAsJsonNull() {
        MergeOutcome outcome = merge(spec(FieldPolicy.MANUAL), "{'a':1}", "{'a':null}", "{'a':1}");

        assertThat(patchOf(outcome)).isEqualTo(fields("{'a':null}"));
    }

    @Test
    void mergedChangeKeepsIdentityClientTimeSequenceAndDependenciesAndIsRebasedOnTheRemoteVersion() {
        Change local = update("{'a':2}");

        Change out = merged(engine().merge(input(local, snapshot(1, "{'a':1}"), snapshot(9, "{'a':1,'b':3}")),
                spec(FieldPolicy.LWW))).change();

        assertThat(out.changeId()).isEqualTo("chg-1");
        assertThat(out.collection()).isEqualTo("notes");
        assertThat(out.entityId()).isEqualTo("ent-1");
        assertThat(out.op()).isEqualTo(Op.UPDATE);
        assertThat(out.baseVersion()).isEqualTo(9L);
        assertThat(out.clientTime()).isEqualTo(CLIENT_TIME);
        assertThat(out.deviceSeq()).isEqualTo(42L);
        assertThat(out.dependsOn()).containsExactly("chg-0");
        assertThat(out.fields()).isEqualTo(fields("{'a':2}"));
    }

    @Test
    void mergedFieldsAndBothChangedAreSortedByName() {
        MergeOutcome outcome = merge(spec(FieldPolicy.CLIENT_WINS), "{'z':0,'a':0,'m':0}", "{'z':1,'a':1,'m':1}",
                "{'z':2,'a':2,'m':0}");

        assertThat(patchOf(outcome).keySet()).containsExactly("a", "m", "z");
        assertThat(merged(outcome).bothChanged()).containsExactly("a", "z");
    }

    @Test
    void aPolicyResultEqualToTheRemoteValueIsNotInThePatch() {
        MergeOutcome outcome = merge(spec(FieldPolicy.SERVER_WINS), "{'a':1}", "{'a':2}", "{'a':3}");

        assertThat(patchOf(outcome)).isEmpty();
        assertThat(merged(outcome).bothChanged()).containsExactly("a");
    }

    @Test
    void manualPolicySendsTheFieldToAPersonAndProposesTheRest() {
        MergeOutcome.NeedsPerson item = person(merge(spec(Map.of("a", FieldPolicy.MANUAL)), "{'a':1,'b':1}",
                "{'a':2,'b':5}", "{'a':3,'b':1,'c':8}"));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.FIELD_CONFLICT);
        assertThat(item.conflicts())
                .containsExactly(new ConflictField("a", "manual", json("1"), json("2"), json("3"), "manual"));
        assertThat(item.proposal()).isEqualTo(fields("{'b':5}"));
        assertThat(item.local()).isEqualTo(fields("{'a':2,'b':5}"));
    }

    @Test
    void criticalCollectionSendsBothChangedFieldsToAPersonWhileADisjointFieldIsProposed() {
        MergeOutcome.NeedsPerson item = person(
                merge(MergeFixtures.critical(FieldPolicy.CLIENT_WINS), "{'a':1,'b':1}", "{'a':2,'b':5}",
                        "{'a':3,'b':1}"));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.FIELD_CONFLICT);
        assertThat(item.conflicts())
                .containsExactly(new ConflictField("a", "client-wins", json("1"), json("2"), json("3"), "critical"));
        assertThat(item.proposal()).isEqualTo(fields("{'b':5}"));
    }

    @Test
    void criticalCollectionStillMergesFieldsOnlyOneSideChanged() {
        MergeOutcome outcome = merge(MergeFixtures.critical(FieldPolicy.LWW), "{'a':1,'b':1}", "{'a':2}",
                "{'a':1,'b':2}");

        assertThat(patchOf(outcome)).isEqualTo(fields("{'a':2}"));
    }

    @Test
    void conflictsAreSortedByFieldAndProposalHoldsOnlyWhatDiffersFromRemote() {
        MergeOutcome.NeedsPerson item = person(merge(spec(FieldPolicy.MANUAL), "{'z':1,'a':1,'k':1,'q':1}",
                "{'z':2,'a':2,'k':2,'q':1}", "{'z':3,'a':3,'k':1,'q':4}"));

        assertThat(item.conflicts()).extracting(ConflictField::field).containsExactly("a", "z");
        assertThat(item.proposal()).isEqualTo(fields("{'k':2}"));
    }

    @Test
    void missingInputsAreProgrammingErrors() {
        MergeInput noRemote = input(update("{}"), snapshot(1, "{}"), null);
        MergeInput noChange = input(null, snapshot(1, "{}"), snapshot(2, "{}"));

        assertThatThrownBy(() -> engine().merge(noRemote, spec(FieldPolicy.LWW)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine().merge(noChange, spec(FieldPolicy.LWW)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ThreeWayMerge(Duration.ofSeconds(-1), 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oddJsonTypesBecomeConflictsInsteadOfErrors() {
        MergeOutcome.NeedsPerson item = person(merge(
                spec(Map.of("m", FieldPolicy.MAX, "c", FieldPolicy.COUNTER, "u", FieldPolicy.UNION, "t",
                        FieldPolicy.TEXT)),
                "{'m':1,'c':1,'u':[],'t':'x'}", "{'m':{'x':1},'c':'two','u':{'a':1},'t':[1]}",
                "{'m':[1],'c':true,'u':'s','t':5}"));

        assertThat(item.conflicts()).extracting(ConflictField::field, ConflictField::why).containsExactly(
                org.assertj.core.groups.Tuple.tuple("c", "not-comparable"),
                org.assertj.core.groups.Tuple.tuple("m", "not-comparable"),
                org.assertj.core.groups.Tuple.tuple("t", "not-comparable"),
                org.assertj.core.groups.Tuple.tuple("u", "not-comparable"));
        assertThat(List.copyOf(item.proposal().keySet())).isEmpty();
    }
}
