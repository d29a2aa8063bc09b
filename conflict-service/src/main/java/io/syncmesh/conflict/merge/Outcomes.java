package io.syncmesh.conflict.merge;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;

/** Builds merge outcomes: the incoming change re-based on the remote version, or an item for a person. */
final class Outcomes {

    private Outcomes() {
    }

    /** An update re-based on the remote version carrying {@code fields} (sorted by name). */
    static MergeOutcome.Merged update(Change change, EntitySnapshot remote, Map<String, JsonNode> fields,
            List<String> bothChanged) {
        return new MergeOutcome.Merged(rebased(change, Op.UPDATE, new TreeMap<>(fields), remote), bothChanged);
    }

    /** An update without fields: it settles the change without a write (its side lost, or both agreed). */
    static MergeOutcome.Merged noWrite(Change change, EntitySnapshot remote) {
        return update(change, remote, Map.of(), List.of());
    }

    /** The local delete, re-based on the remote version; a delete carries no fields. */
    static MergeOutcome.Merged delete(Change change, EntitySnapshot remote) {
        return new MergeOutcome.Merged(rebased(change, Op.DELETE, null, remote), List.of());
    }

    /** An item for a person; {@code local} is null when the local change is a delete. */
    static MergeOutcome.NeedsPerson person(String reason, List<ConflictField> conflicts,
            SortedMap<String, JsonNode> proposal, SortedMap<String, JsonNode> local) {
        return new MergeOutcome.NeedsPerson(reason, List.copyOf(conflicts),
                Collections.unmodifiableSortedMap(new TreeMap<>(proposal)),
                local == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(local)));
    }

    // Same identity, client time, sequence and dependencies: the merged change is the original one, moved onto the
    // remote version (DESIGN.md section 5, step 6).
    private static Change rebased(Change change, Op op, Map<String, JsonNode> fields, EntitySnapshot remote) {
        return new Change(change.changeId(), change.collection(), change.entityId(), op, remote.version(), fields,
                change.clientTime(), change.deviceSeq(), change.dependsOn());
    }
}
