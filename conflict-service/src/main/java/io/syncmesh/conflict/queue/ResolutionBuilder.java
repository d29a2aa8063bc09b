package io.syncmesh.conflict.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.ConflictResolution;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.web.ProblemException;

/**
 * Turns an operator's decision into the change that carries it: the item's proposal (what merged on its own) plus the
 * chosen value of every conflicting field, as a patch on the remote version the item shows. An item about a delete
 * takes a side as a whole. Pure: no store, no clock.
 */
public final class ResolutionBuilder {

    /** The change id of the resolution of an item: one per item, so that sending it twice applies it once. */
    public static String changeIdFor(String itemId) {
        return "resolve-" + itemId;
    }

    /** What was decided, per field, and the change that applies it. */
    public record Built(Map<String, JsonNode> chosen, Change change) {
    }

    private ResolutionBuilder() {
    }

    public static Built build(ConflictItem item, ConflictResolution decision) {
        if (decision == null) {
            throw invalid("the body must be {\"take\": \"local\"|\"remote\"} and/or {\"values\": {...}}");
        }
        String take = decision.take();
        if (take != null && !ConflictResolution.LOCAL.equals(take) && !ConflictResolution.REMOTE.equals(take)) {
            throw invalid("take must be \"local\" or \"remote\"");
        }
        return takesSideOnly(item) ? wholeSide(item, take, decision) : perField(item, take, decision);
    }

    /** A delete on either side, or a merge that failed as a whole, cannot be decided field by field. */
    private static boolean takesSideOnly(ConflictItem item) {
        return item.op() == Op.DELETE || item.remoteDeleted() || item.conflicts().isEmpty();
    }

    private static Built wholeSide(ConflictItem item, String take, ConflictResolution decision) {
        if (take == null || !decision.valuesOrEmpty().isEmpty()) {
            throw invalid("this conflict is decided as a whole: send {\"take\": \"local\"} or {\"take\": \"remote\"}");
        }
        if (ConflictResolution.REMOTE.equals(take)) {
            return new Built(Map.of(), change(item, Op.UPDATE, Map.of()));
        }
        if (item.op() == Op.DELETE) {
            return new Built(Map.of(), change(item, Op.DELETE, null));
        }
        Map<String, JsonNode> local = item.local() == null ? Map.of() : item.local();
        // A deleted remote comes back with the whole local entity; a live one gets what differs from it.
        Map<String, JsonNode> fields = item.remoteDeleted() ? new TreeMap<>(local) : differences(local, item.remote());
        return new Built(new TreeMap<>(local), change(item, Op.UPDATE, fields));
    }

    private static Built perField(ConflictItem item, String take, ConflictResolution decision) {
        Set<String> conflicting = new TreeSet<>();
        item.conflicts().forEach(field -> conflicting.add(field.field()));
        List<String> unknown = decision.valuesOrEmpty().keySet().stream().filter(f -> !conflicting.contains(f))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            throw invalid("values may only decide the conflicting fields " + conflicting + "; not " + unknown);
        }
        Map<String, JsonNode> chosen = new TreeMap<>();
        List<String> undecided = new ArrayList<>();
        for (ConflictField field : item.conflicts()) {
            JsonNode value = decision.valuesOrEmpty().get(field.field());
            if (value == null && take != null) {
                value = ConflictResolution.LOCAL.equals(take) ? field.local() : field.remote();
                value = value == null ? NullNode.getInstance() : value;
            }
            if (value == null) {
                undecided.add(field.field());
            } else {
                chosen.put(field.field(), value);
            }
        }
        if (!undecided.isEmpty()) {
            throw invalid("decide every conflicting field (in values, or all at once with take): missing "
                    + undecided);
        }
        Map<String, JsonNode> patch = new TreeMap<>(item.proposal() == null ? Map.of() : item.proposal());
        patch.putAll(chosen);
        return new Built(chosen, change(item, Op.UPDATE, differences(patch, item.remote())));
    }

    private static Map<String, JsonNode> differences(Map<String, JsonNode> wanted, Map<String, JsonNode> remote) {
        Map<String, JsonNode> patch = new TreeMap<>();
        wanted.forEach((field, value) -> {
            if (remote == null || !value.equals(remote.get(field))) {
                patch.put(field, value);
            }
        });
        return patch;
    }

    private static Change change(ConflictItem item, Op op, Map<String, JsonNode> fields) {
        return new Change(changeIdFor(item.id()), item.collection(), item.entityId(), op, item.remoteVersion(),
                fields, null, null, List.of());
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(422, ProblemTypes.INVALID_RESOLUTION, "Invalid resolution", detail);
    }
}
