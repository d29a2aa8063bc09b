package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.json;
import static io.syncmesh.conflict.merge.MergeFixtures.merge;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.patchOf;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.registry.FieldPolicy;

/** The policies that pick one side: server-wins, client-wins, max and min. */
class ChoicePoliciesTest {

    @Test
    void serverWinsKeepsTheRemoteValue() {
        MergeOutcome outcome = merge(spec(FieldPolicy.SERVER_WINS), "{'a':1}", "{'a':2}", "{'a':3}");

        assertThat(patchOf(outcome)).isEmpty();
        assertThat(merged(outcome).bothChanged()).containsExactly("a");
    }

    @Test
    void clientWinsTakesTheLocalValue() {
        assertThat(patchOf(merge(spec(FieldPolicy.CLIENT_WINS), "{'a':1}", "{'a':2}", "{'a':3}")))
                .isEqualTo(fields("{'a':2}"));
    }

    @Test
    void maxTakesTheLargerNumberAsWritten() {
        assertThat(patchOf(merge(spec(FieldPolicy.MAX), "{'a':1}", "{'a':7.50}", "{'a':3}")).get("a"))
                .isEqualTo(json("7.50"));
        assertThat(patchOf(merge(spec(FieldPolicy.MAX), "{'a':1}", "{'a':2}", "{'a':3}"))).isEmpty();
    }

    @Test
    void minTakesTheSmallerNumber() {
        assertThat(patchOf(merge(spec(FieldPolicy.MIN), "{'a':5}", "{'a':-2}", "{'a':3}")))
                .isEqualTo(fields("{'a':-2}"));
        assertThat(patchOf(merge(spec(FieldPolicy.MIN), "{'a':5}", "{'a':4}", "{'a':3}"))).isEmpty();
    }

    @Test
    void maxTakesTheLaterTimestampAlsoAcrossOffsets() {
        // 10:30+02:00 is 08:30Z: earlier than 09:00Z although it reads later.
        assertThat(patchOf(merge(spec(FieldPolicy.MAX), "{'t':'2025-01-01T00:00:00Z'}",
                "{'t':'2025-03-14T10:30:00+02:00'}", "{'t':'2025-03-14T09:00:00Z'}"))).isEmpty();
        assertThat(patchOf(merge(spec(FieldPolicy.MAX), "{'t':'2025-01-01T00:00:00Z'}",
                "{'t':'2025-03-14T09:30:00Z'}", "{'t':'2025-03-14T09:00:00Z'}")))
                .isEqualTo(fields("{'t':'2025-03-14T09:30:00Z'}"));
    }

    @Test
    void minTakesTheEarlierTimestamp() {
        assertThat(patchOf(merge(spec(FieldPolicy.MIN), "{'t':'2025-01-01T00:00:00Z'}",
                "{'t':'2025-03-14T10:30:00+02:00'}", "{'t':'2025-03-14T09:00:00Z'}")))
                .isEqualTo(fields("{'t':'2025-03-14T10:30:00+02:00'}"));
    }

    @Test
    void maxOfANumberAndATimestampIsNotComparable() {
        MergeOutcome.NeedsPerson item = person(
                merge(spec(FieldPolicy.MAX), "{'a':1}", "{'a':'2025-03-14T09:00:00Z'}", "{'a':3}"));

        assertThat(item.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.why()).isEqualTo("not-comparable");
            assertThat(c.policy()).isEqualTo("max");
        });
    }

    @Test
    void minOfTextsThatAreNoTimestampsIsNotComparable() {
        assertThat(person(merge(spec(FieldPolicy.MIN), "{'a':'x'}", "{'a':'b'}", "{'a':'c'}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }

    @Test
    void maxAgainstAClearedFieldIsNotComparable() {
        assertThat(person(merge(spec(FieldPolicy.MAX), "{'a':1}", "{'a':2}", "{}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }
}
