package io.syncmesh.client.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.protocol.Change;

/**
 * What the app sees of an entity: the last known server state with the device's unfinished changes laid over it in log
 * order. Recomputed whenever either side moves, so a pull never clobbers a local edit that is not synced yet and a
 * refused edit disappears as soon as its receipt arrives.
 */
final class EntityView {

    private EntityView() {
    }

    static LocalEntity of(LocalEntity entity, List<OutboxChange> unfinished) {
        State state = new State(entity.serverFields(), entity.serverDeleted());
        TreeSet<String> dirty = new TreeSet<>();
        for (OutboxChange outboxChange : unfinished) {
            state = state.after(outboxChange.change());
            dirty.addAll(outboxChange.change().fieldsOrEmpty().keySet());
        }
        // Created here and refused (or never written): there is no such entity.
        boolean deleted = state.deleted() || (!entity.knownToServer() && unfinished.isEmpty());
        return entity.withView(state.fields(), deleted, dirty, !unfinished.isEmpty());
    }

    /** The server state after {@code change} was applied on it at {@code version}. */
    static LocalEntity folded(LocalEntity entity, Change change, long version) {
        State state = new State(entity.serverFields(), entity.serverDeleted()).after(change);
        return entity.withServerState(version, state.fields(), state.deleted());
    }

    /** An entity's fields and tombstone, and what one change makes of them. */
    private record State(Map<String, JsonNode> fields, boolean deleted) {

        State after(Change change) {
            return switch (change.op()) {
                case CREATE -> new State(change.fieldsOrEmpty(), false);
                case UPDATE -> {
                    Map<String, JsonNode> patched = new LinkedHashMap<>(fields);
                    patched.putAll(change.fieldsOrEmpty());
                    yield new State(patched, deleted);
                }
                case DELETE -> new State(Map.of(), true);
            };
        }
    }
}
