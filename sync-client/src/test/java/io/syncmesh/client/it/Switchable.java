package io.syncmesh.client.it;

import java.time.Duration;
import java.util.List;

import io.syncmesh.client.transport.PushResult;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.client.transport.TransportException;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.TelemetryReport;

/** A device's transport that can be switched off, as a phone in a tunnel: every call fails while it is off. */
final class Switchable implements SyncTransport {

    private final SyncTransport delegate;
    private volatile boolean online = true;

    Switchable(SyncTransport delegate) {
        this.delegate = delegate;
    }

    void online(boolean value) {
        online = value;
    }

    boolean online() {
        return online;
    }

    @Override
    public PushResult push(List<Change> changes, Duration wait) {
        requireNetwork();
        return delegate.push(changes, wait);
    }

    @Override
    public PullPage pull(List<String> collections, String cursor, int limit) {
        requireNetwork();
        return delegate.pull(collections, cursor, limit);
    }

    @Override
    public void telemetry(TelemetryReport report) {
        requireNetwork();
        delegate.telemetry(report);
    }

    private void requireNetwork() {
        if (!online) {
            throw new TransportException("offline", 0);
        }
    }
}
