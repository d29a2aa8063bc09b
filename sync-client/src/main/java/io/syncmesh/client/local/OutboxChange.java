package io.syncmesh.client.local;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * A change in the device's append-only change log. {@code seq} orders the log (it is also the change's
 * {@code deviceSeq}); {@code attempts} counts pushes; {@code outcome} and {@code code} are set once it is final.
 */
public record OutboxChange(long seq, Change change, State state, int attempts, ReceiptStatus outcome, String code) {

    /** Where a change is on its way. */
    public enum State {
        /** Written locally, not yet acknowledged by the server: it is pushed (again) by the next sync. */
        QUEUED,
        /** Durable on the server (accepted into Kafka), its final receipt not yet known: it is not pushed again. */
        ACCEPTED,
        /** Its final receipt is known ({@code outcome}). */
        FINAL
    }

    public static OutboxChange queued(long seq, Change change) {
        return new OutboxChange(seq, change, State.QUEUED, 0, null, null);
    }

    public String changeId() {
        return change.changeId();
    }

    public boolean isFinal() {
        return state == State.FINAL;
    }

    public OutboxChange pushedOnce() {
        return new OutboxChange(seq, change, state, attempts + 1, outcome, code);
    }

    public OutboxChange accepted() {
        return new OutboxChange(seq, change, State.ACCEPTED, attempts, null, null);
    }

    public OutboxChange requeued() {
        return new OutboxChange(seq, change, State.QUEUED, attempts, null, null);
    }

    public OutboxChange finished(ReceiptStatus finalOutcome, String finalCode) {
        return new OutboxChange(seq, change, State.FINAL, attempts, finalOutcome, finalCode);
    }
}
