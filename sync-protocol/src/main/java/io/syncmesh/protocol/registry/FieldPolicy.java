package io.syncmesh.protocol.registry;

import java.util.Arrays;
import java.util.List;

/** How a field both sides changed to different values is merged (DESIGN.md section 6). */
public enum FieldPolicy {

    /**
     * The later write wins, by (time, device id); device time is clamped (see {@link CollectionRegistry#clockSkew()}).
     */
    LWW("lww"),
    /** The server's current value wins. */
    SERVER_WINS("server-wins"),
    /** The incoming change wins. */
    CLIENT_WINS("client-wins"),
    /** The larger number, or the later ISO-8601 timestamp. */
    MAX("max"),
    /** The smaller number, or the earlier ISO-8601 timestamp. */
    MIN("min"),
    /** remote + (local - base): concurrent increments add up. */
    COUNTER("counter"),
    /** Arrays as sets: additions of both sides are kept, removals of either side are honoured. */
    UNION("union"),
    /** Line-based three-way merge of strings; overlapping edits go to a person. */
    TEXT("text"),
    /** Always a person. */
    MANUAL("manual");

    private final String wire;

    FieldPolicy(String wire) {
        this.wire = wire;
    }

    /** The name used in the registry file and in conflict items. */
    public String wire() {
        return wire;
    }

    /** The policy of a registry name, or null when there is none of that name. */
    public static FieldPolicy fromWire(String value) {
        for (FieldPolicy policy : values()) {
            if (policy.wire.equals(value)) {
                return policy;
            }
        }
        return null;
    }

    /** Every registry name, for error messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(FieldPolicy::wire).toList();
    }
}
