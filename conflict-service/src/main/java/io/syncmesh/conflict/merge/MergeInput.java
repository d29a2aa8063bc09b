package io.syncmesh.conflict.merge;

import java.time.Instant;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.EntitySnapshot;

/**
 * Everything a merge looks at: the incoming (local) change with who sent it and when the server received it, how many
 * times it was merged already, the entity at the change's base version (null when history no longer has it, and for a
 * create), and the current (remote) entity.
 */
public record MergeInput(Change change, String device, Instant receivedAt, int attempt, EntitySnapshot base,
        EntitySnapshot remote) {

    /** The merge input of a conflict event. */
    public static MergeInput of(ConflictEvent event) {
        return new MergeInput(event.envelope().change(), event.envelope().device(), event.envelope().receivedAt(),
                event.envelope().attempt(), event.base(), event.remote());
    }
}
