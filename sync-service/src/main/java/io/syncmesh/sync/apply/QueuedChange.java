package io.syncmesh.sync.apply;

import java.time.Instant;

import io.syncmesh.protocol.ChangeEnvelope;

/**
 * A change waiting in its entity's queue: behind a change in the conflict path (the fence), behind other waiting
 * changes, or for its dependencies. {@code position} orders the queue; it is null until the row is stored.
 */
public record QueuedChange(ChangeEnvelope envelope, Instant queuedAt, Instant deadline, Long position) {

    public OutcomeKey id() {
        return new OutcomeKey(envelope.tenant(), envelope.change().changeId());
    }
}
