package io.syncmesh.client.local;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entity as the device holds it: the last server state it knows ({@code serverVersion}, {@code serverFields},
 * {@code serverDeleted}; version 0 when the server has never confirmed it), and what the app sees ({@code fields},
 * {@code deleted}): the server state with the device's unsynced changes laid over it. {@code dirtyFields} are the
 * fields those changes write; {@code pending} says some change is not final yet; {@code conflictId} names the manual
 * conflict item a change of this entity became, until it is resolved or acknowledged.
 */
public record LocalEntity(
        String collection,
        String id,
        long serverVersion,
        Map<String, JsonNode> serverFields,
        boolean serverDeleted,
        Map<String, JsonNode> fields,
        boolean deleted,
        Set<String> dirtyFields,
        boolean pending,
        String conflictId) {

    public LocalEntity {
        serverFields = Map.copyOf(serverFields);
        fields = Map.copyOf(fields);
        dirtyFields = java.util.Collections.unmodifiableSet(new TreeSet<>(dirtyFields));
    }

    /** An entity the server has not confirmed yet (created on this device). */
    public static LocalEntity unknownToServer(String collection, String id) {
        return new LocalEntity(collection, id, 0, Map.of(), false, Map.of(), false, Set.of(), false, null);
    }

    /** Whether the server has ever confirmed a version of this entity. */
    public boolean knownToServer() {
        return serverVersion > 0;
    }

    public LocalEntity withServerState(long version, Map<String, JsonNode> newServerFields, boolean newServerDeleted) {
        return new LocalEntity(collection, id, version, newServerFields, newServerDeleted, fields, deleted, dirtyFields,
                pending, conflictId);
    }

    public LocalEntity withView(Map<String, JsonNode> newFields, boolean newDeleted, Set<String> newDirty,
            boolean newPending) {
        return new LocalEntity(collection, id, serverVersion, serverFields, serverDeleted, newFields, newDeleted,
                newDirty, newPending, conflictId);
    }

    public LocalEntity withConflict(String newConflictId) {
        return new LocalEntity(collection, id, serverVersion, serverFields, serverDeleted, fields, deleted, dirtyFields,
                pending, newConflictId);
    }
}
