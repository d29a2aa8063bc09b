package io.syncmesh.client.local;

import java.time.Instant;

/**
 * The device's sync bookkeeping: the pull cursor (null: the next pull is a full snapshot), when a sync cycle last
 * succeeded, and the backoff state (consecutive failed pushes and when the next attempt is due).
 */
public record SyncState(String cursor, Instant lastSuccess, int failures, Instant nextAttemptAt) {

    public static final SyncState INITIAL = new SyncState(null, null, 0, null);

    public SyncState withCursor(String newCursor) {
        return new SyncState(newCursor, lastSuccess, failures, nextAttemptAt);
    }

    public SyncState succeeded(Instant at) {
        return new SyncState(cursor, at, 0, null);
    }

    public SyncState failed(Instant retryAt) {
        return new SyncState(cursor, lastSuccess, failures + 1, retryAt);
    }

    /** The backoff forgotten (the network came back): the next attempt is due now. */
    public SyncState backoffReset() {
        return new SyncState(cursor, lastSuccess, 0, null);
    }
}
