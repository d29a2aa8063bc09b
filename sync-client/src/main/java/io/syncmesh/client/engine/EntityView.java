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
        Map<String, JsonNode> fields = new LinkedHashMap<>(entity.serverFields());
        boolean deleted = entity.serverDeleted();
        TreeSet<String> dirty = new TreeSet<>();
        for (OutboxChange outboxChange : unfinished) {
            Change change = outboxChange.change();
            switch (change.op()) {
                case CREATE -> {
                    fields = new LinkedHashMap<>(change.fieldsOrEmpty());
                    deleted = false;
                }
                case UPDATE -> fields.putAll(change.fieldsOrEmpty());
                case DELETE -> {
                    fields.clear();
                    deleted = true;
                }
            }
            dirty.addAll(change.fieldsOrEmpty().keySet());
        }
        if (!entity.knownToServer() && unfinished.isEmpty()) {
            // Created here and refused (or never written): there is no such entity.
            deleted = true;
        }
        return entity.withView(fields, deleted, dirty, !unfinished.isEmpty());
    }

    /** The server state after {@code change} was applied on it at {@code version}. */
    static LocalEntity folded(LocalEntity entity, Change change, long version) {
        Map<String, JsonNode> fields = new LinkedHashMap<>(entity.serverFields());
        boolean deleted = entity.serverDeleted();
        switch (change.op()) {
            case CREATE -> {
                fields = new LinkedHashMap<>(change.fieldsOrEmpty());
                deleted = false;
            }
            case UPDATE -> fields.putAll(change.fieldsOrEmpty());
            case DELETE -> {
                fields.clear();
                deleted = true;
            }
        }
        return entity.withServerState(version, fields, deleted);
    }
}
