package io.syncmesh.client.engine;

import java.time.Duration;
import java.time.Instant;

import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.protocol.TelemetryReport;

/**
 * Sends what the {@link TelemetryBuffer} gathered after a sync cycle that reached the server. A report that cannot be
 * sent goes back into the buffer; telemetry never fails a sync.
 */
public final class TelemetryReporter {

    private final LocalStore store;
    private final SyncTransport transport;
    private final boolean enabled;
    private final TelemetryBuffer buffer = new TelemetryBuffer();

    public TelemetryReporter(LocalStore store, SyncTransport transport, boolean enabled) {
        this.store = store;
        this.transport = transport;
        this.enabled = enabled;
    }

    public TelemetryBuffer buffer() {
        return buffer;
    }

    public void cycleEnded(Instant startedAt, Duration duration, String outcome) {
        buffer.cycle(startedAt, duration, outcome);
    }

    /** Sends a report when the network worked in this cycle and there is something to say. */
    public void sendIfAny(boolean networkWorked) {
        if (!enabled || !networkWorked || buffer.isEmpty()) {
            return;
        }
        int queueLength = store.inTransaction(tx -> tx.unfinished().size());
        TelemetryReport report = buffer.drain(queueLength);
        try {
            transport.telemetry(report);
        } catch (RuntimeException e) {
            buffer.restore(report);
        }
    }
}
