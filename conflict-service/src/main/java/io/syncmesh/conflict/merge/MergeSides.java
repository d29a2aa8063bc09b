package io.syncmesh.conflict.merge;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Op;

/**
 * The three entities a merge compares, as field maps sorted by name (so nothing depends on the order of the input
 * maps): the base (empty when unknown), the local patch, the remote fields, and the local entity (base plus patch).
 *
 * @param baseKnown
 *            false when the update's base version is no longer in history; a create's base is the known empty entity
 */
record MergeSides(SortedMap<String, JsonNode> base, boolean baseKnown, SortedMap<String, JsonNode> patch,
        SortedMap<String, JsonNode> remote, SortedMap<String, JsonNode> local) {

    static MergeSides of(MergeInput input) {
        Change change = input.change();
        // A create racing a create starts from the empty entity, every field absent: that is a known base.
        boolean create = change.op() == Op.CREATE;
        boolean baseKnown = create || input.base() != null;
        SortedMap<String, JsonNode> base = create || input.base() == null
                ? sorted(Map.of())
                : sorted(input.base().fields());
        SortedMap<String, JsonNode> patch = sorted(change.fieldsOrEmpty());
        TreeMap<String, JsonNode> local = new TreeMap<>(base);
        local.putAll(patch);
        return new MergeSides(base, baseKnown, patch, sorted(input.remote().fields()),
                Collections.unmodifiableSortedMap(local));
    }

    private static SortedMap<String, JsonNode> sorted(Map<String, JsonNode> fields) {
        return Collections.unmodifiableSortedMap(fields == null ? new TreeMap<>() : new TreeMap<>(fields));
    }
}
