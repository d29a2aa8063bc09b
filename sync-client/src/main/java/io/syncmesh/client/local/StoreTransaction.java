package io.syncmesh.client.local;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the SDK reads and writes inside one local transaction. Everything written in a transaction is durable when
 * {@link LocalStore#inTransaction} returns, or none of it is.
 */
public interface StoreTransaction {

    Optional<LocalEntity> entity(String collection, String id);

    /** Inserts or replaces the entity. */
    void putEntity(LocalEntity entity);

    /** The collection's entities, by id. */
    List<LocalEntity> entities(String collection);

    /** Entities with an unresolved conflict, by collection and id. */
    List<LocalEntity> conflicted();

    /** The next sequence number of this device's change log (1, 2, ...); never the same twice, even after a reopen. */
    long nextSeq();

    /** Appends a change to the log (state queued). */
    void appendChange(OutboxChange change);

    /** Replaces a change of the log (its state, attempts or outcome), by change id. */
    void updateChange(OutboxChange change);

    Optional<OutboxChange> change(String changeId);

    /** The changes that are not final, in log order. */
    List<OutboxChange> unfinished();

    /** The entity's changes that are not final, in log order. */
    List<OutboxChange> unfinished(String collection, String id);

    SyncState syncState();

    void putSyncState(SyncState state);

    /** Replaces the sync state by {@code change} of it, and returns the new one. */
    default SyncState updateSyncState(UnaryOperator<SyncState> change) {
        SyncState updated = change.apply(syncState());
        putSyncState(updated);
        return updated;
    }
}
