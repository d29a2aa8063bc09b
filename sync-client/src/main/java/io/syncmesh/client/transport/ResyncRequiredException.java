package io.syncmesh.client.transport;

/** {@code 410 resync-required}: the pull cursor is older than the server's tombstone horizon. */
public class ResyncRequiredException extends TransportException {

    public ResyncRequiredException() {
        super("the pull cursor expired: a full resync is required", 410);
    }
}
