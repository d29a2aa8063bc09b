package io.syncmesh.conflict.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.ExampleRegistry;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.protocol.registry.RegistryLoader;

/** The README's table of policies ("Policies, with a worked example each"), run against config/collections.yaml. */
class ReadmeExamplesTest {

    private static final CollectionRegistry REGISTRY = RegistryLoader.load(ExampleRegistry.path());
    private static final ThreeWayMerge MERGE = new ThreeWayMerge(REGISTRY.clockSkew(), 5);
    private static final Instant TABLET_WROTE = Instant.parse("2026-11-20T10:05:00Z");
    private static final Instant PHONE_WROTE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-20T10:10:00Z");

    @ParameterizedTest(name = "{0}.{1}: {2} / {3} / {4} -> {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "notes | title | 'Groceries' | 'Shopping' | 'Groceries Sunday' | 'Shopping'",
            "notes | color | 'white' | 'blue' | 'red' | 'blue'",
            "notes | folder | 'inbox' | 'work' | 'home' | 'home'",
            "tasks | priority | 2 | 3 | 5 | 5",
            "tasks | dueAt | '2026-12-10T09:00:00Z' | '2026-12-08T09:00:00Z' | '2026-12-05T09:00:00Z' | '2026-12-05T09:00:00Z'",
            "tasks | minutesSpent | 30 | 45 | 40 | 55",
            "tasks | minutesSpent | 10 | 11 | 11 | 12",
            "notes | tags | ['home'] | ['home','urgent'] | ['shopping'] | ['urgent','shopping']",
            "notes | body | 'Milk\\nEggs\\nBread\\n' | 'Milk 2L\\nEggs\\nBread\\n' | 'Milk\\nEggs\\nRye bread\\n' | 'Milk 2L\\nEggs\\nRye bread\\n'",
    })
    void aPolicyExampleMergesAsTheReadmeSays(String collection, String field, String base, String remote,
            String local, String expected) {
        MergeOutcome outcome = merge(collection, field, json(base), json(remote), json(local));

        assertThat(outcome).isInstanceOf(MergeOutcome.Merged.class);
        Map<String, JsonNode> result = new HashMap<>(Map.of(field, json(remote)));
        result.putAll(((MergeOutcome.Merged) outcome).change().fields());
        assertThat(result.get(field)).isEqualTo(json(expected));
    }

    @ParameterizedTest(name = "{0}.{1} goes to a person")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "tasks | assignee | 'ann' | 'bob' | 'cem' | manual",
            "budgets | amount | 100 | 120 | 150 | critical",
            "notes | body | 'Milk\\nEggs\\n' | 'Milk 2L\\nEggs\\n' | 'Oat milk\\nEggs\\n' | overlapping-edits",
    })
    void aManualExampleBecomesAnItem(String collection, String field, String base, String remote, String local,
            String why) {
        MergeOutcome outcome = merge(collection, field, json(base), json(remote), json(local));

        assertThat(outcome).isInstanceOf(MergeOutcome.NeedsPerson.class);
        assertThat(((MergeOutcome.NeedsPerson) outcome).conflicts()).singleElement()
                .satisfies(conflict -> assertThat(conflict.why()).isEqualTo(why));
    }

    private static MergeOutcome merge(String collection, String field, JsonNode base, JsonNode remote,
            JsonNode local) {
        EntitySnapshot baseSnapshot = new EntitySnapshot(1, Map.of(field, base),
                Map.of(field, new FieldMeta(1, "laptop", 1, PHONE_WROTE.minusSeconds(3600))), false,
                PHONE_WROTE.minusSeconds(3600), "laptop");
        EntitySnapshot remoteSnapshot = new EntitySnapshot(2, Map.of(field, remote),
                Map.of(field, new FieldMeta(2, "tablet", 9, TABLET_WROTE)), false, TABLET_WROTE, "tablet");
        Change change = new Change("c-1", collection, "e-1", Op.UPDATE, 1L, Map.of(field, local), PHONE_WROTE, 4L,
                List.of());
        return MERGE.merge(new MergeInput(change, "phone", RECEIVED, 0, baseSnapshot, remoteSnapshot),
                REGISTRY.find(collection).orElseThrow());
    }

    /** JSON from the table's notation: single quotes for strings, escaped newlines kept as JSON escapes. */
    private static JsonNode json(String value) {
        return SyncJson.read(value.replace('\'', '"'), JsonNode.class);
    }
}
