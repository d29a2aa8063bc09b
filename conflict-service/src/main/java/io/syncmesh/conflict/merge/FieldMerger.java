package io.syncmesh.conflict.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.syncmesh.conflict.merge.LwwClock.Stamp;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;

/** Classifies each patched field (changed locally, remotely, or by both) and settles it or records a conflict. */
final class FieldMerger {

    /**
     * What the fields came to.
     *
     * @param patch
     *            the settled values that differ from the remote entity, by field name
     * @param bothChanged
     *            the fields both sides changed to different values, sorted
     * @param conflicts
     *            the fields left for a person, sorted by field
     */
    record Result(SortedMap<String, JsonNode> patch, List<String> bothChanged, List<ConflictField> conflicts) {
    }

    private FieldMerger() {
    }

    /**
     * Merges every field of the patch; fields only the remote side changed are not in the patch and keep their remote
     * value. {@code atLimit}: the change was merged too often, so fields both sides changed go to a person unresolved.
     */
    static Result merge(MergeSides sides, CollectionSpec collection, EntitySnapshot remote, Stamp localStamp,
            boolean atLimit) {
        TreeMap<String, JsonNode> patch = new TreeMap<>();
        List<String> bothChanged = new ArrayList<>();
        List<ConflictField> conflicts = new ArrayList<>();
        // sides.patch() is sorted, so the lists come out sorted by field.
        for (Map.Entry<String, JsonNode> entry : sides.patch().entrySet()) {
            String field = entry.getKey();
            JsonNode local = entry.getValue();
            JsonNode base = sides.baseKnown() ? sides.base().get(field) : null;
            JsonNode remoteValue = sides.remote().get(field);
            boolean localChanged;
            boolean remoteChanged;
            if (sides.baseKnown()) {
                localChanged = !JsonValues.same(local, base);
                remoteChanged = !JsonValues.same(remoteValue, base);
            } else {
                // Without the base nobody knows who changed what: any difference counts as an edit of both sides.
                localChanged = !JsonValues.same(local, remoteValue);
                remoteChanged = localChanged;
            }
            // Two equal counter values are two increments, not one agreement: 10 -> 11 on both sides makes 12.
            boolean countedTwice = remoteChanged && sides.baseKnown()
                    && collection.policyOf(field) == FieldPolicy.COUNTER;
            if (!localChanged || (JsonValues.same(local, remoteValue) && !countedTwice)) {
                continue; // remote keeps its value: it is the only edit, or both sides agree
            }
            if (!remoteChanged) {
                patch.put(field, valueOf(local));
                continue;
            }
            bothChanged.add(field);
            FieldPolicy policy = collection.policyOf(field);
            if (policy == null) {
                throw new IllegalArgumentException("collection " + collection.name() + " has no policy for " + field);
            }
            FieldSides fieldSides = new FieldSides(field, base, local, remoteValue, sides.baseKnown());
            Resolution resolution;
            if (atLimit) {
                resolution = Resolution.unresolved(Resolution.MERGE_LIMIT);
            } else if (collection.critical()) {
                resolution = Resolution.unresolved(Resolution.CRITICAL);
            } else {
                resolution = PolicyMerge.resolve(policy, fieldSides, localStamp, LwwClock.remote(remote, field));
            }
            if (resolution instanceof Resolution.Take take) {
                if (!JsonValues.same(take.value(), remoteValue)) {
                    patch.put(field, valueOf(take.value()));
                }
            } else if (resolution instanceof Resolution.Unresolved unresolved) {
                conflicts.add(new ConflictField(field, policy.wire(), base, local, remoteValue, unresolved.why()));
            }
        }
        return new Result(patch, List.copyOf(bothChanged), List.copyOf(conflicts));
    }

    // A patch carries "no value" as JSON null, so that it survives serialisation.
    private static JsonNode valueOf(JsonNode value) {
        return value == null ? NullNode.instance : value;
    }
}
