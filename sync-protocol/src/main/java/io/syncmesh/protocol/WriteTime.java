package io.syncmesh.protocol;

import java.time.Instant;

/** The time a write counts as made, for per-field metadata and last-writer-wins. */
public final class WriteTime {

    private WriteTime() {
    }

    /**
     * The device's clock, but never later than when the server received the change: a device whose clock runs ahead
     * must not win every later conflict. A change without a client time counts as written when received.
     */
    public static Instant effective(Instant clientTime, Instant receivedAt) {
        if (clientTime == null) {
            return receivedAt;
        }
        if (receivedAt != null && clientTime.isAfter(receivedAt)) {
            return receivedAt;
        }
        return clientTime;
    }

    /**
     * As {@link #effective(Instant, Instant)}, and never earlier than {@code clockSkew} before the server received the
     * change: a device clock set far back must not lose every conflict either. The registry's {@code clockSkew} sets
     * it; the sync-service records field times with it and the conflict-service compares with it.
     */
    public static Instant effective(Instant clientTime, Instant receivedAt, java.time.Duration clockSkew) {
        Instant time = effective(clientTime, receivedAt);
        if (receivedAt != null && clockSkew != null && time.isBefore(receivedAt.minus(clockSkew))) {
            return receivedAt.minus(clockSkew);
        }
        return time;
    }
}
