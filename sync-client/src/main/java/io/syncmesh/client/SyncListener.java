package io.syncmesh.client;

import io.syncmesh.client.api.SyncEvent;

/** Told about outcomes and conflicts; called on the thread that ran the sync, after its changes are stored. */
@FunctionalInterface
public interface SyncListener {

    void onEvent(SyncEvent event);
}
