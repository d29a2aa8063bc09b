package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of a change as a device sees it. Every change id ends in exactly one final status. */
public enum ReceiptStatus {

    APPLIED("applied"), MERGED("merged"),
    /** A replay; the receipt carries the original outcome in {@code originalStatus}. */
    DUPLICATE("duplicate"),
    /** Queued for a person; the receipt carries the conflict item id. */
    CONFLICT("conflict"),
    /** Refused with a code. */
    REJECTED("rejected"),
    /** Not final yet (in the conflict path, deferred, or not applied within the wait). */
    PENDING("pending");

    private final String wire;

    ReceiptStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ReceiptStatus fromWire(String value) {
        for (ReceiptStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown receipt status");
    }

    /** Whether this outcome never changes again (pending is the only one that does). */
    public boolean isFinal() {
        return this != PENDING;
    }
}
