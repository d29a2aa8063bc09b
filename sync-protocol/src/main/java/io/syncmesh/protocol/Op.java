package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a change does to its entity. */
public enum Op {

    /** All fields of a new entity; no base version. */
    CREATE("create"),
    /** Only the dirty fields (a patch) against a base version. */
    UPDATE("update"),
    /** Deletes the entity (it becomes a tombstone); no fields. */
    DELETE("delete");

    private final String wire;

    Op(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Parses the wire name; an unknown name fails the mapping of that change (the gateway rejects it alone). */
    @JsonCreator
    public static Op fromWire(String value) {
        for (Op op : values()) {
            if (op.wire.equals(value)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op");
    }
}
