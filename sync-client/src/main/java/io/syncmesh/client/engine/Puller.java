package io.syncmesh.client.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.syncmesh.client.api.SyncEvent;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.local.StoreTransaction;
import io.syncmesh.client.transport.ResyncRequiredException;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.Receipt;

/**
 * Pulls what changed since the cursor, page by page: receipts first (they close changes of this device), then entity
 * states, which replace the server side of the local entity while the device's unsynced changes stay laid over them.
 * Each page is applied in one local transaction together with its cursor, so a pull cut off halfway resumes from the
 * last page applied. A cursor the server no longer honours ({@code resync-required}) starts a full snapshot.
 */
public final class Puller {

    /** What one pull did. */
    public record Result(int entities, int receipts, boolean resynced, List<SyncEvent> events) {
    }

    private final LocalStore store;
    private final SyncTransport transport;
    private final List<String> collections;
    private final int pageSize;

    public Puller(LocalStore store, SyncTransport transport, List<String> collections, int pageSize) {
        this.store = store;
        this.transport = transport;
        this.collections = List.copyOf(collections);
        this.pageSize = pageSize;
    }

    public Result pullAll() {
        List<SyncEvent> events = new ArrayList<>();
        int entities = 0;
        int receipts = 0;
        boolean resynced = false;
        String cursor = store.inTransaction(tx -> tx.syncState().cursor());
        while (true) {
            PullPage page;
            try {
                page = transport.pull(collections, cursor, pageSize);
            } catch (ResyncRequiredException expired) {
                if (resynced) {
                    throw expired; // a fresh snapshot cannot expire: the server is wrong, try again later
                }
                resynced = true;
                cursor = null;
                store.inTransaction(tx -> tx.updateSyncState(state -> state.withCursor(null)));
                continue;
            }
            PullPage applied = page;
            events.addAll(store.inTransaction(tx -> apply(tx, applied)));
            entities += page.entities() == null ? 0 : page.entities().size();
            receipts += page.receipts() == null ? 0 : page.receipts().size();
            cursor = page.cursor();
            if (!page.hasMore()) {
                return new Result(entities, receipts, resynced, events);
            }
        }
    }

    private static List<SyncEvent> apply(StoreTransaction tx, PullPage page) {
        List<SyncEvent> events = new ArrayList<>();
        if (page.receipts() != null) {
            for (Receipt receipt : page.receipts()) {
                events.addAll(ReceiptApplier.apply(tx, receipt));
            }
        }
        if (page.entities() != null) {
            for (Entity entity : page.entities()) {
                merge(tx, entity);
            }
        }
        tx.updateSyncState(state -> state.withCursor(page.cursor()));
        return events;
    }

    private static void merge(StoreTransaction tx, Entity remote) {
        LocalEntity local = tx.entity(remote.collection(), remote.id())
                .orElse(LocalEntity.unknownToServer(remote.collection(), remote.id()));
        if (remote.version() < local.serverVersion()) {
            return; // older than what this device already knows (a receipt got here first)
        }
        LocalEntity updated = local.withServerState(remote.version(),
                remote.deleted() || remote.fields() == null ? Map.of() : remote.fields(), remote.deleted());
        tx.putEntity(EntityView.of(updated, tx.unfinished(remote.collection(), remote.id())));
    }
}
