package io.syncmesh.client.transport;

import java.time.Duration;
import java.util.List;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.TelemetryReport;

/**
 * How the SDK talks to the gateway. {@link HttpSyncTransport} is the real one; tests replace it. Every method may throw
 * {@link TransportException}: the network or the server failed, and the call may be retried later.
 */
public interface SyncTransport {

    /**
     * Pushes changes ({@code POST /v1/sync/push}), waiting up to {@code wait} for their final receipts.
     *
     * @throws BatchRefusedException
     *             the server refused the whole batch (no change of it was stored)
     */
    PushResult push(List<Change> changes, Duration wait);

    /**
     * One page of changes after {@code cursor} (null: a full snapshot) in the collections.
     *
     * @throws ResyncRequiredException
     *             the cursor is older than the server keeps deletions: pull again without one
     */
    PullPage pull(List<String> collections, String cursor, int limit);

    /** Reports device health ({@code POST /v1/telemetry}). */
    void telemetry(TelemetryReport report);
}
