package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the conflict-service decided for a change it returns on sync.changes (origin merge). Returning through the same
 * partition keeps the entity's order: the sync-service lifts its fence only when this arrives.
 */
public enum Verdict {

    /** Apply the change as it was sent: it no longer conflicts (it detoured only behind the fence). Receipt applied. */
    APPLY("apply"),
    /** Apply the merged change on its new base version. Receipt merged. */
    MERGED("merged"),
    /** A person must decide: record the conflict receipt with the item id and apply nothing. */
    MANUAL("manual"),
    /** The conflict-service refused the change (receipt rejected with the envelope's code). */
    REJECT("reject");

    private final String wire;

    Verdict(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Verdict fromWire(String value) {
        for (Verdict verdict : values()) {
            if (verdict.wire.equals(value)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("unknown verdict");
    }
}
