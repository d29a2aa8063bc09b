package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.input;
import static io.syncmesh.conflict.merge.MergeFixtures.json;
import static io.syncmesh.conflict.merge.MergeFixtures.merge;
import static io.syncmesh.conflict.merge.MergeFixtures.patchOf;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static io.syncmesh.conflict.merge.MergeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.registry.FieldPolicy;

/** The union policy: arrays as sets, additions of both sides kept, removals of either side honoured. */
class UnionPolicyTest {

    private static JsonNode union(String base, String patch, String remote) {
        return patchOf(merge(spec(FieldPolicy.UNION), base, patch, remote)).get("s");
    }

    @Test
    void additionsAndRemovalsOfBothSidesCombineInRemoteThenLocalOrder() {
        // local removed b and added d; remote reordered, kept b and added e.
        assertThat(union("{'s':['a','b','c']}", "{'s':['a','c','d']}", "{'s':['c','a','b','e']}"))
                .isEqualTo(json("['c','a','e','d']"));
    }

    @Test
    void aRemoteRemovalIsHonouredWhileALocalAdditionIsKept() {
        assertThat(union("{'s':['a','b']}", "{'s':['a','b','x']}", "{'s':['a']}")).isEqualTo(json("['a','x']"));
    }

    @Test
    void anElementBothSidesAddedAppearsOnce() {
        assertThat(union("{'s':[]}", "{'s':['x','y']}", "{'s':['y','z']}")).isEqualTo(json("['y','z','x']"));
    }

    @Test
    void elementsAreEqualByNumericValue() {
        assertThat(union("{'s':[1]}", "{'s':[1.0,2]}", "{'s':[1,3]}")).isEqualTo(json("[1,3,2]"));
    }

    @Test
    void noValueCountsAsAnEmptyArray() {
        assertThat(union("{'s':['a']}", "{'s':null}", "{'s':['a','b']}")).isEqualTo(json("['b']"));
        assertThat(union("{}", "{'s':['x']}", "{'s':['y']}")).isEqualTo(json("['y','x']"));
    }

    @Test
    void withoutABaseItIsThePlainUnion() {
        MergeOutcome outcome = engine().merge(input(update("{'s':['b','c']}"), null, snapshot(3, "{'s':['a','b']}")),
                spec(FieldPolicy.UNION));

        assertThat(patchOf(outcome).get("s")).isEqualTo(json("['a','b','c']"));
    }

    @Test
    void nonArraysAreNotComparable() {
        assertThat(person(merge(spec(FieldPolicy.UNION), "{'s':[]}", "{'s':'a'}", "{'s':['b']}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
        assertThat(person(merge(spec(FieldPolicy.UNION), "{'s':5}", "{'s':['a']}", "{'s':['b']}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }
}
