package io.syncmesh.client.api;

import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * Something the app may want to show, delivered to {@link io.syncmesh.client.SyncListener}s after the local transaction
 * committed.
 */
public sealed interface SyncEvent {

    /** A change of this device reached its final outcome. */
    record ChangeFinished(String changeId, String collection, String entityId, ReceiptStatus outcome, String code)
            implements
                SyncEvent {
    }

    /** A change became a conflict item a person must decide; the entity carries its id until resolved. */
    record ConflictRaised(LocalEntity entity, String conflictId) implements SyncEvent {
    }

    /** An operator's resolution of the entity's conflict item reached this device. */
    record ConflictResolved(LocalEntity entity, String conflictId) implements SyncEvent {
    }
}
