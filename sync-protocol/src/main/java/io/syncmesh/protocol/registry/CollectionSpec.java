package io.syncmesh.protocol.registry;

import java.util.Map;

/**
 * One declared collection: the policy of each named field (others take {@code defaultPolicy}), whether every field both
 * sides changed goes to a person ({@code critical}), and what wins when an update meets a delete.
 */
public record CollectionSpec(String name, boolean critical, OnDelete onDelete, FieldPolicy defaultPolicy,
        Map<String, FieldPolicy> fields) {

    public CollectionSpec {
        fields = Map.copyOf(fields);
    }

    /** The policy of a field. */
    public FieldPolicy policyOf(String field) {
        return fields.getOrDefault(field, defaultPolicy);
    }
}
