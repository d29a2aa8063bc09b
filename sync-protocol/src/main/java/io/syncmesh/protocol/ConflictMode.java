package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a concurrent edit is handled: merged on the server (default), or rejected for the client to resolve. */
public enum ConflictMode {

    /** Server-side: the change detours through the conflict-service. */
    MERGE("merge"),
    /** Client-side ({@code Prefer: conflict=reject}): rejected with precondition-failed and the current entity. */
    REJECT("reject");

    private final String wire;

    ConflictMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ConflictMode fromWire(String value) {
        for (ConflictMode mode : values()) {
            if (mode.wire.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown conflict mode");
    }
}
