package io.syncmesh.conflict.merge;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code union} policy: arrays as sets. Additions of both sides are kept and removals of either side honoured;
 * elements keep the remote order, then local additions follow in local order.
 */
final class UnionMerge {

    private UnionMerge() {
    }

    static Resolution resolve(FieldSides sides) {
        List<JsonNode> local = elements(sides.local());
        List<JsonNode> remote = elements(sides.remote());
        List<JsonNode> base = sides.baseKnown() ? elements(sides.base()) : List.of();
        if (local == null || remote == null || base == null) {
            return Resolution.unresolved(Resolution.NOT_COMPARABLE);
        }
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode element : remote) {
            // Without a base nothing is known to be removed: the result is the plain union.
            boolean removedLocally = sides.baseKnown() && contains(base, element) && !contains(local, element);
            if (!removedLocally && !contains(result, element)) {
                result.add(element);
            }
        }
        for (JsonNode element : local) {
            if (!contains(base, element) && !contains(result, element)) {
                result.add(element);
            }
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode(result.size());
        result.forEach(array::add);
        return Resolution.take(array);
    }

    /** The elements of an array value (no value counts as an empty array), or null when the value is no array. */
    private static List<JsonNode> elements(JsonNode node) {
        if (JsonValues.isAbsent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            return null;
        }
        List<JsonNode> elements = new ArrayList<>(node.size());
        node.forEach(elements::add);
        return elements;
    }

    // A linear scan: arrays merged as sets are small, and numeric-aware equality has no cheap hash.
    private static boolean contains(List<JsonNode> elements, JsonNode element) {
        for (JsonNode candidate : elements) {
            if (JsonValues.same(candidate, element)) {
                return true;
            }
        }
        return false;
    }
}
