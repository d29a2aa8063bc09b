package io.syncmesh.conflict.merge;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.registry.OnDelete;

/** What happens when a delete meets an update (either way round), by the collection's {@code onDelete} rule. */
final class DeleteRules {

    private DeleteRules() {
    }

    /** The local change is a delete. */
    static MergeOutcome localDelete(Change change, EntitySnapshot remote, OnDelete onDelete) {
        if (remote.deleted()) {
            return Outcomes.noWrite(change, remote); // both deleted: nothing left to do
        }
        return switch (onDelete) {
            case DELETE_WINS -> Outcomes.delete(change, remote);
            case UPDATE_WINS -> Outcomes.noWrite(change, remote);
            case MANUAL -> Outcomes.person(MergeOutcome.NeedsPerson.UPDATE_VS_DELETE, List.of(), new TreeMap<>(),
                    null);
        };
    }

    /** The local change is an update or create and the remote entity is a tombstone. */
    static MergeOutcome remoteDeleted(Change change, EntitySnapshot remote, OnDelete onDelete,
            SortedMap<String, JsonNode> localEntity) {
        return switch (onDelete) {
            case DELETE_WINS -> Outcomes.noWrite(change, remote);
            // The whole local entity, not just the patch: the tombstone has no fields to patch onto.
            case UPDATE_WINS -> Outcomes.update(change, remote, localEntity, List.of());
            case MANUAL -> Outcomes.person(MergeOutcome.NeedsPerson.UPDATE_VS_DELETE, List.of(), new TreeMap<>(),
                    localEntity);
        };
    }
}
