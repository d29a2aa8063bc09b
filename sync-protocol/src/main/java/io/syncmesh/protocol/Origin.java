package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who put a change envelope on sync.changes. */
public enum Origin {

    /** A device, through the gateway. */
    CLIENT("client"),
    /** The conflict-service, returning a change from the conflict path (merged or passed through). */
    MERGE("merge"),
    /** An operator's resolution of a manual conflict item. */
    RESOLUTION("resolution");

    private final String wire;

    Origin(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Origin fromWire(String value) {
        for (Origin origin : values()) {
            if (origin.wire.equals(value)) {
                return origin;
            }
        }
        throw new IllegalArgumentException("unknown origin");
    }
}
