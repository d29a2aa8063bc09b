package io.syncmesh.protocol.registry;

import java.util.Arrays;
import java.util.List;

/** What wins when one side updated an entity and the other deleted it. */
public enum OnDelete {

    /** The entity stays deleted; the update is dropped. */
    DELETE_WINS("delete-wins"),
    /** The entity lives on with the update (a delete that lost is dropped; an update that wins brings it back). */
    UPDATE_WINS("update-wins"),
    /** A person decides. */
    MANUAL("manual");

    private final String wire;

    OnDelete(String wire) {
        this.wire = wire;
    }

    /** The name used in the registry file. */
    public String wire() {
        return wire;
    }

    /** The rule of a registry name, or null when there is none of that name. */
    public static OnDelete fromWire(String value) {
        for (OnDelete rule : values()) {
            if (rule.wire.equals(value)) {
                return rule;
            }
        }
        return null;
    }

    /** Every registry name, for error messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(OnDelete::wire).toList();
    }
}
