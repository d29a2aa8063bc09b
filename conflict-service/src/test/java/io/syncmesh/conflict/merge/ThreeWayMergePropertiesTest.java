package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeArbitraries.ENGINE;
import static io.syncmesh.conflict.merge.MergeArbitraries.NAMES;
import static io.syncmesh.conflict.merge.MergeArbitraries.NOW;
import static io.syncmesh.conflict.merge.MergeArbitraries.input;
import static io.syncmesh.conflict.merge.MergeArbitraries.overlay;
import static io.syncmesh.conflict.merge.MergeArbitraries.shuffled;
import static io.syncmesh.conflict.merge.MergeArbitraries.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.registry.CollectionSpec;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;

/** Determinism and the identity laws of a three-way merge (an unchanged side gives the other side). */
class ThreeWayMergePropertiesTest {

    @Provide
    Arbitrary<Map<String, JsonNode>> fieldMaps() {
        return MergeArbitraries.fieldMaps();
    }

    @Provide
    Arbitrary<CollectionSpec> specs() {
        return MergeArbitraries.specs();
    }

    @Provide
    Arbitrary<Map<String, FieldMeta>> metas() {
        return MergeArbitraries.metas();
    }

    @Provide
    Arbitrary<MergeInput> inputs() {
        return MergeArbitraries.inputs();
    }

    // ---------------------------------------------------------------- (1) determinism

    @Property(tries = 400)
    @StatisticsReport(StatisticsReportMode.OFF)
    void theSameInputsGiveTheSameOutcomeWhateverTheMapOrder(@ForAll("inputs") MergeInput input,
            @ForAll("specs") CollectionSpec spec, @ForAll long seed) {
        MergeOutcome first = ENGINE.merge(input, spec);
        MergeOutcome again = ENGINE.merge(input, spec);
        MergeOutcome shuffled = ENGINE.merge(shuffled(input, new Random(seed)), spec);

        assertThat(again).isEqualTo(first);
        assertThat(shuffled).isEqualTo(first);
        // toString shows map iteration order too: what gets serialised must not depend on input order either.
        assertThat(shuffled.toString()).isEqualTo(first.toString());
        // The generators must reach every kind of outcome, or the property proves little.
        Statistics.collect(kind(first));
        Statistics.coverage(coverage -> {
            for (String kind : List.of("merged", "merged-with-write", MergeOutcome.NeedsPerson.FIELD_CONFLICT,
                    MergeOutcome.NeedsPerson.UPDATE_VS_DELETE, MergeOutcome.NeedsPerson.MERGE_LIMIT)) {
                coverage.check(kind).percentage(p -> p > 2.0);
            }
        });
    }

    private static String kind(MergeOutcome outcome) {
        if (outcome instanceof MergeOutcome.NeedsPerson person) {
            return person.reason();
        }
        return ((MergeOutcome.Merged) outcome).change().fieldsOrEmpty().isEmpty() ? "merged" : "merged-with-write";
    }

    // ---------------------------------------------------------------- (2) unchanged remote gives local

    @Property(tries = 400)
    @StatisticsReport(StatisticsReportMode.OFF)
    void againstAnUnchangedRemoteTheMergeGivesTheLocalEntity(@ForAll("fieldMaps") Map<String, JsonNode> base,
            @ForAll("fieldMaps") Map<String, JsonNode> patch, @ForAll("specs") CollectionSpec spec,
            @ForAll("metas") Map<String, FieldMeta> meta) {
        EntitySnapshot baseSnapshot = new EntitySnapshot(1, base, Map.of(), false, NOW, "dev-a");
        EntitySnapshot remote = new EntitySnapshot(3, new LinkedHashMap<>(base), meta, false, NOW, "dev-c");

        MergeOutcome outcome = ENGINE.merge(input(update(patch, NOW), "dev-b", baseSnapshot, remote), spec);

        assertThat(outcome).isInstanceOf(MergeOutcome.Merged.class);
        MergeOutcome.Merged merged = (MergeOutcome.Merged) outcome;
        assertThat(merged.bothChanged()).isEmpty();
        assertSameFields(overlay(remote.fields(), merged.change().fieldsOrEmpty()), overlay(base, patch));
        Statistics.collect(!merged.change().fieldsOrEmpty().isEmpty());
        Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p > 40.0));
    }

    // ---------------------------------------------------------------- (3) unchanged local gives remote

    @Property(tries = 400)
    @StatisticsReport(StatisticsReportMode.OFF)
    void againstAnUnchangedLocalTheMergeKeepsTheRemoteEntity(@ForAll("fieldMaps") Map<String, JsonNode> base,
            @ForAll("fieldMaps") Map<String, JsonNode> remoteFields, @ForAll("specs") CollectionSpec spec,
            @ForAll long seed) {
        Random random = new Random(seed);
        // The patch repeats base values, numbers possibly written differently (2 as 2.0), and clears absent fields.
        Map<String, JsonNode> patch = new LinkedHashMap<>();
        for (String name : NAMES) {
            JsonNode value = base.get(name);
            if (random.nextBoolean()) {
                patch.put(name, value == null
                        ? NullNode.instance
                        : value.isInt() && random.nextBoolean()
                                ? DecimalNode.valueOf(value.decimalValue().setScale(1))
                                : value);
            }
        }
        EntitySnapshot baseSnapshot = new EntitySnapshot(1, base, Map.of(), false, NOW, "dev-a");
        EntitySnapshot remote = new EntitySnapshot(3, remoteFields, Map.of(), false, NOW, "dev-c");

        MergeOutcome outcome = ENGINE.merge(input(update(patch, NOW), "dev-b", baseSnapshot, remote), spec);

        assertThat(outcome).isInstanceOf(MergeOutcome.Merged.class);
        assertThat(((MergeOutcome.Merged) outcome).change().fieldsOrEmpty()).isEmpty();
        assertThat(((MergeOutcome.Merged) outcome).bothChanged()).isEmpty();
        boolean remoteMoved = !overlay(remoteFields, Map.of()).equals(overlay(base, Map.of()));
        Statistics.collect(remoteMoved && !patch.isEmpty());
        Statistics.coverage(coverage -> coverage.check(true).percentage(p -> p > 40.0));
    }

    private static void assertSameFields(Map<String, JsonNode> actual, Map<String, JsonNode> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, value) -> assertThat(JsonValues.same(actual.get(name), value))
                .as("%s: %s vs %s", name, actual.get(name), value).isTrue());
    }
}
