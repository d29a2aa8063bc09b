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

/** The counter policy: remote + (local - base). */
class CounterPolicyTest {

    private static JsonNode counter(String base, String patch, String remote) {
        return patchOf(merge(spec(FieldPolicy.COUNTER), base, patch, remote)).get("n");
    }

    @Test
    void concurrentDeltasAddUp() {
        JsonNode n = counter("{'n':10}", "{'n':13}", "{'n':15}");

        assertThat(n).isEqualTo(json("18"));
        assertThat(n.isIntegralNumber()).isTrue();
    }

    @Test
    void twoEqualIncrementsAreCountedTwiceNotTakenAsAgreement() {
        assertThat(counter("{'n':10}", "{'n':11}", "{'n':11}")).isEqualTo(json("12"));
    }

    @Test
    void aDecrementMeetsAnIncrement() {
        assertThat(counter("{'n':10}", "{'n':4}", "{'n':11}")).isEqualTo(json("5"));
    }

    @Test
    void decimalCountersStayExact() {
        JsonNode n = counter("{'n':0.1}", "{'n':0.3}", "{'n':0.2}");

        assertThat(n.isBigDecimal()).isTrue();
        assertThat(n.decimalValue()).isEqualByComparingTo("0.4");
    }

    @Test
    void aResultWithoutFractionIsAnIntegerNode() {
        JsonNode n = counter("{'n':0.5}", "{'n':1.5}", "{'n':2}");

        assertThat(n.isInt()).isTrue();
        assertThat(n.intValue()).isEqualTo(3);
    }

    @Test
    void aFieldTheKnownBaseLacksCountsFromZero() {
        assertThat(counter("{}", "{'n':2}", "{'n':5}")).isEqualTo(json("7"));
    }

    @Test
    void aMissingBaseSnapshotGoesToAPerson() {
        MergeOutcome.NeedsPerson item = person(
                engine().merge(input(update("{'n':13}"), null, snapshot(3, "{'n':15}")), spec(FieldPolicy.COUNTER)));

        assertThat(item.conflicts()).containsExactly(
                new ConflictField("n", "counter", null, json("13"), json("15"), "base-missing"));
    }

    @Test
    void nonNumbersAreNotComparable() {
        assertThat(person(merge(spec(FieldPolicy.COUNTER), "{'n':1}", "{'n':'2'}", "{'n':3}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
        assertThat(person(merge(spec(FieldPolicy.COUNTER), "{'n':'x'}", "{'n':2}", "{'n':3}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }

    @Test
    void hugeExponentsAreNotCountedButDoNotExhaustMemory() {
        assertThat(person(merge(spec(FieldPolicy.COUNTER), "{'n':1}", "{'n':1e999999999}", "{'n':3}")).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }
}
