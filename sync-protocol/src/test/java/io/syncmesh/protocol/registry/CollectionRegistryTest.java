package io.syncmesh.protocol.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CollectionRegistryTest {

    private final CollectionRegistry registry = CollectionRegistry.of(new CollectionSpec("notes", false,
            OnDelete.UPDATE_WINS, FieldPolicy.LWW, Map.of("title", FieldPolicy.LWW, "tags", FieldPolicy.UNION)));

    @Test
    void aDeclaredCollectionIsItsOwnLabelAndAnyOtherNameIsOther() {
        assertThat(registry.labelOf("notes")).isEqualTo("notes");
        assertThat(registry.labelOf("Notes")).isEqualTo(CollectionRegistry.OTHER_LABEL);
        assertThat(registry.labelOf("x".repeat(300))).isEqualTo("other");
        assertThat(registry.labelOf(null)).isEqualTo("other");
    }

    @Test
    void onlyFieldsTheCollectionNamesBecomeLabels() {
        assertThat(registry.fieldLabelOf("notes", "tags")).isEqualTo("tags");
        assertThat(registry.fieldLabelOf("notes", "secret")).isEqualTo("other");
        assertThat(registry.fieldLabelOf("notes", null)).isEqualTo("other");
        assertThat(registry.fieldLabelOf("tasks", "tags")).as("a field of an undeclared collection").isEqualTo("other");
    }
}
