package io.syncmesh.sync.apply;

import java.time.Instant;

import io.syncmesh.protocol.ChangeEnvelope;

/**
 * A change waiting in its entity's queue: behind a change in the conflict path (the fence), behind other waiting
 * changes, or for its dependencies. It keeps the trace context of the record it came in (null when that had none), so
 * that the events it causes when it leaves the queue carry it on. {@code position} orders the queue; it is null until
 * the row is stored.
 */
public record QueuedChange(ChangeEnvelope envelope, String traceparent, Instant queuedAt, Instant deadline,
        Long position) {

    public OutcomeKey id() {
        return new OutcomeKey(envelope.tenant(), envelope.change().changeId());
    }

    /** The change as it is planned when it leaves the queue. */
    public ChangeInput input() {
        return new ChangeInput(envelope, traceparent);
    }
}
