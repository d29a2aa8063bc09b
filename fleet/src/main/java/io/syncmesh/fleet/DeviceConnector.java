package io.syncmesh.fleet;

import io.syncmesh.client.transport.SyncTransport;

/** How a simulated device reaches the mesh: a transport with the device's own token. */
@FunctionalInterface
public interface DeviceConnector {

    SyncTransport transportFor(String device);
}
