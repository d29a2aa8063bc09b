package io.syncmesh.sync.apply;

import io.syncmesh.protocol.ChangeEnvelope;

/** A change to plan, fresh from sync.changes. */
public record ChangeInput(ChangeEnvelope envelope) {

    public static ChangeInput fresh(ChangeEnvelope envelope) {
        return new ChangeInput(envelope);
    }
}
