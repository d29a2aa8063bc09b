package io.syncmesh.client.transport;

import java.time.Duration;
import java.util.List;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.TelemetryReport;

/**
 * A transport that can be switched off, as a phone in a tunnel: every call fails with a {@link TransportException}
 * while it is off. For tests and simulators of devices that lose the network.
 */
public final class SwitchableTransport implements SyncTransport {

    private final SyncTransport delegate;
    private volatile boolean online = true;

    public SwitchableTransport(SyncTransport delegate) {
        this.delegate = delegate;
    }

    public void online(boolean value) {
        online = value;
    }

    public boolean online() {
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
