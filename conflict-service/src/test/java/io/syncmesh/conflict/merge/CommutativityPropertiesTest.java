package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeArbitraries.ENGINE;
import static io.syncmesh.conflict.merge.MergeArbitraries.NAMES;
import static io.syncmesh.conflict.merge.MergeArbitraries.NOW;
import static io.syncmesh.conflict.merge.MergeArbitraries.effective;
import static io.syncmesh.conflict.merge.MergeArbitraries.input;
import static io.syncmesh.conflict.merge.MergeArbitraries.overlay;
import static io.syncmesh.conflict.merge.MergeArbitraries.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;
import io.syncmesh.protocol.registry.OnDelete;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/**
 * Two concurrent changes from one base give the same fields whichever is applied first and whichever is merged, for the
 * policies meant to commute: counter, union, max, min, and lww when the two write times differ.
 */
class CommutativityPropertiesTest {

    /** One field of the commutativity scenario: its policy and its value in the base, in A and in B (null: absent). */
    record FieldPlan(FieldPolicy policy, JsonNode base, JsonNode a, JsonNode b) {
    }

    /** Two concurrent changes from one base; times are the client clocks, receive times differ per change. */
    record Concurrent(Map<String, FieldPlan> fields, Instant clientA, Instant receivedA, Instant clientB,
            Instant receivedB) {
    }

    @Provide
    Arbitrary<Concurrent> concurrentChanges() {
        // Left out: server-wins and client-wins are not commutative by definition (they favour whichever change
        // arrived first or second); manual settles nothing; text sends overlapping edits to a person, so there is no
        // final value to compare (its clean merges are symmetric in the two sides). lww with equal effective times is
        // not commutative either (the full tie goes to the local side), hence the filter below. Note that counter
        // commutes but, per the rules, two equal concurrent results (10 -> 11 on both sides) are "the same value" and
        // count once.
        Arbitrary<FieldPlan> plan = Arbitraries
                .of(FieldPolicy.COUNTER, FieldPolicy.UNION, FieldPolicy.MAX, FieldPolicy.MIN, FieldPolicy.LWW)
                .flatMap(policy -> {
                    Arbitrary<JsonNode> value = valueFor(policy).injectNull(0.3);
                    return Combinators.combine(value, value, value).as((o, a, b) -> new FieldPlan(policy, o, a, b));
                });
        Arbitrary<Instant> clientTime = Arbitraries.integers().between(-20 * 24, 2 * 24)
                .map(hours -> NOW.plus(Duration.ofHours(hours)));
        Arbitrary<Instant> receivedAt = Arbitraries.integers().between(0, 48)
                .map(hours -> NOW.plus(Duration.ofHours(hours)));
        return Combinators.combine(plan.list().ofSize(NAMES.size()), clientTime, receivedAt, clientTime, receivedAt)
                .as((plans, ca, ra, cb, rb) -> {
                    Map<String, FieldPlan> fields = new TreeMap<>();
                    for (int i = 0; i < NAMES.size(); i++) {
                        fields.put(NAMES.get(i), plans.get(i));
                    }
                    return new Concurrent(fields, ca, ra, cb, rb);
                })
                // lww is commutative only when the two writes' effective times differ (a tie goes to the local side).
                .filter(c -> !effective(c.clientA(), c.receivedA()).equals(effective(c.clientB(), c.receivedB())));
    }

    @Property(tries = 500)
    @StatisticsReport(StatisticsReportMode.OFF)
    void commutativePoliciesGiveTheSameResultInEitherOrder(@ForAll("concurrentChanges") Concurrent scenario) {
        Map<String, FieldPolicy> policies = new TreeMap<>();
        Map<String, JsonNode> base = new TreeMap<>();
        Map<String, JsonNode> patchA = new TreeMap<>();
        Map<String, JsonNode> patchB = new TreeMap<>();
        scenario.fields().forEach((name, plan) -> {
            policies.put(name, plan.policy());
            putIfPresent(base, name, plan.base());
            putIfPresent(patchA, name, plan.a());
            putIfPresent(patchB, name, plan.b());
        });
        CollectionSpec spec = new CollectionSpec("notes", false, OnDelete.UPDATE_WINS, FieldPolicy.MANUAL, policies);
        Write a = new Write(update(patchA, scenario.clientA()), "dev-a", scenario.receivedA());
        Write b = new Write(update(patchB, scenario.clientB()), "dev-b", scenario.receivedB());

        Map<String, JsonNode> aThenB = applyThenMerge(base, a, b, spec);
        Map<String, JsonNode> bThenA = applyThenMerge(base, b, a, spec);

        // Every policy must meet real contests (both sides changed a field differently), not just one-sided edits.
        Statistics.collect(contested(scenario));
        Statistics.coverage(coverage -> {
            for (FieldPolicy policy : List.of(FieldPolicy.COUNTER, FieldPolicy.UNION, FieldPolicy.MAX, FieldPolicy.MIN,
                    FieldPolicy.LWW)) {
                coverage.checkQuery(values -> ((List<?>) values.get(0)).contains(policy))
                        .percentage(p -> p > 10.0);
            }
        });

        assertThat(aThenB.keySet()).isEqualTo(bThenA.keySet());
        for (String name : aThenB.keySet()) {
            JsonNode x = aThenB.get(name);
            JsonNode y = bThenA.get(name);
            if (policies.get(name) == FieldPolicy.UNION) {
                // Arrays as sets: the order follows whichever side was remote, the elements must not.
                assertThat(sameSet(x, y)).as("%s: %s vs %s", name, x, y).isTrue();
            } else {
                assertThat(JsonValues.same(x, y)).as("%s: %s vs %s", name, x, y).isTrue();
            }
        }
    }

    /** The policies of the fields both changes set to different values, both different from the base. */
    private static List<FieldPolicy> contested(Concurrent scenario) {
        List<FieldPolicy> contested = new ArrayList<>();
        scenario.fields().values().forEach(plan -> {
            if (plan.a() != null && plan.b() != null && !JsonValues.same(plan.a(), plan.b())
                    && !JsonValues.same(plan.a(), plan.base()) && !JsonValues.same(plan.b(), plan.base())) {
                contested.add(plan.policy());
            }
        });
        return contested;
    }

    /** A change with who sent it and when the server received it. */
    record Write(Change change, String device, Instant receivedAt) {
    }

    /** The fields after {@code first} applies directly on the base and {@code second} is merged against that. */
    private static Map<String, JsonNode> applyThenMerge(Map<String, JsonNode> base, Write first, Write second,
            CollectionSpec spec) {
        Instant baseTime = NOW.minus(Duration.ofDays(30));
        Map<String, FieldMeta> baseMeta = new TreeMap<>();
        base.keySet().forEach(name -> baseMeta.put(name, new FieldMeta(1, "dev-0", 1, baseTime)));
        EntitySnapshot baseSnapshot = new EntitySnapshot(1, base, baseMeta, false, baseTime, "dev-0");
        // What the sync-service records when it applies the first change: its fields with its clamped write time.
        Instant firstTime = effective(first.change().clientTime(), first.receivedAt());
        Map<String, FieldMeta> meta = new TreeMap<>(baseMeta);
        first.change().fieldsOrEmpty().keySet()
                .forEach(name -> meta.put(name, new FieldMeta(2, first.device(), 1, firstTime)));
        EntitySnapshot remote = new EntitySnapshot(2, overlay(base, first.change().fieldsOrEmpty()), meta, false,
                firstTime, first.device());

        MergeOutcome outcome = ENGINE.merge(input(second.change(), second.device(), second.receivedAt(), baseSnapshot,
                remote), spec);

        assertThat(outcome).isInstanceOf(MergeOutcome.Merged.class);
        return overlay(remote.fields(), ((MergeOutcome.Merged) outcome).change().fieldsOrEmpty());
    }

    private static Arbitrary<JsonNode> valueFor(FieldPolicy policy) {
        return switch (policy) {
            case UNION -> Arbitraries.integers().between(0, 4).list().ofMaxSize(3)
                    .map(MergeArbitraries::array);
            case LWW -> Arbitraries.integers().between(-3, 3)
                    .map(i -> i % 2 == 0 ? (JsonNode) IntNode.valueOf(i) : TextNode.valueOf("s" + i));
            default -> Arbitraries.integers().between(-5, 5).map(i -> (JsonNode) IntNode.valueOf(i));
        };
    }

    private static void putIfPresent(Map<String, JsonNode> fields, String name, JsonNode value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static boolean sameSet(JsonNode x, JsonNode y) {
        return containsAll(x, y) && containsAll(y, x);
    }

    private static boolean containsAll(JsonNode container, JsonNode elements) {
        for (JsonNode element : elements) {
            boolean found = false;
            for (JsonNode candidate : container) {
                found |= JsonValues.same(candidate, element);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }
}
