package io.syncmesh.sync.apply;

import java.time.Instant;

import io.syncmesh.protocol.ChangeEnvelope;

/**
 * A change to plan: fresh from sync.changes, or taken back from the deferral queue (then {@code deferral} says since
 * when it waits, until when, and its place in the entity's queue).
 */
public record ChangeInput(ChangeEnvelope envelope, Deferral deferral) {

    /** When a deferred change started waiting, its deadline, and its position (order within the entity's queue). */
    public record Deferral(Instant deferredAt, Instant deadline, long position) {
    }

    public static ChangeInput fresh(ChangeEnvelope envelope) {
        return new ChangeInput(envelope, null);
    }

    public boolean fromDeferral() {
        return deferral != null;
    }
}
