package io.syncmesh.sync.apply;

import io.syncmesh.protocol.ChangeEnvelope;

/**
 * A change to plan, fresh from sync.changes, with the trace context of its record (null when it had none), which the
 * events it causes carry on.
 */
public record ChangeInput(ChangeEnvelope envelope, String traceparent) {

    public static ChangeInput fresh(ChangeEnvelope envelope) {
        return new ChangeInput(envelope, null);
    }

    public static ChangeInput fresh(ChangeEnvelope envelope, String traceparent) {
        return new ChangeInput(envelope, traceparent);
    }
}
