package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change that could not be applied as sent, on sync.conflicts: the envelope, the entity at the change's base version
 * (null when that version is no longer in history), and the current entity with per-field metadata. {@code reason} says
 * why it detoured: a concurrent edit, or the fence behind an earlier detour.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictEvent(String type, int schemaVersion, ChangeEnvelope envelope, EntitySnapshot base,
        EntitySnapshot remote, String reason) {

    public static final String TYPE = "conflict";
    public static final int SCHEMA_VERSION = 1;
    /** The base version is behind the entity and the versions between were written by other devices. */
    public static final String REASON_CONCURRENT_EDIT = "concurrent-edit";
    /** A create for an id that already exists. */
    public static final String REASON_ALREADY_EXISTS = "already-exists";

    public static ConflictEvent of(ChangeEnvelope envelope, EntitySnapshot base, EntitySnapshot remote, String reason) {
        return new ConflictEvent(TYPE, SCHEMA_VERSION, envelope, base, remote, reason);
    }
}
