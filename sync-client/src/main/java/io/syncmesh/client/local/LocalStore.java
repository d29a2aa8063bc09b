package io.syncmesh.client.local;

import java.util.function.Function;

/**
 * The device's durable state: entities, the change log (outbox) and the sync state. Implementations:
 * {@link MemoryStore} (tests, caches) and {@link SqliteStore} (durable; on Android, an implementation over the
 * platform's SQLite). Transactions are serialized: one runs at a time.
 */
public interface LocalStore extends AutoCloseable {

    /**
     * Runs {@code work} in one transaction: committed (and on disk, for a durable store) when this returns; rolled back
     * entirely when it throws.
     */
    <T> T inTransaction(Function<StoreTransaction, T> work);

    @Override
    void close();
}
