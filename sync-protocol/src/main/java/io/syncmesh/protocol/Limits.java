package io.syncmesh.protocol;

/** Size limits of the wire protocol (DESIGN.md section 3); the gateway enforces them, the services rely on them. */
public final class Limits {

    /** Most changes in one push. */
    public static final int MAX_CHANGES_PER_PUSH = 500;
    /** Largest push body in bytes (1 MiB). */
    public static final int MAX_PUSH_BODY_BYTES = 1024 * 1024;
    /** The largest telemetry report body. */
    public static final int MAX_TELEMETRY_BODY_BYTES = 64 * 1024;
    /** Most fields in one change. */
    public static final int MAX_FIELDS_PER_CHANGE = 256;
    /** One field's value, as JSON text; a whole push stays within {@link #MAX_PUSH_BODY_BYTES}. */
    public static final int MAX_FIELD_VALUE_CHARS = 64 * 1024;
    /** Most dependencies of one change. */
    public static final int MAX_DEPENDENCIES = 32;
    /** Longest change id. */
    public static final int MAX_CHANGE_ID_LENGTH = 64;
    /** Largest page a pull may ask for. */
    public static final int MAX_PULL_LIMIT = 1000;
    /** Page size of a pull that names none. */
    public static final int DEFAULT_PULL_LIMIT = 200;

    private Limits() {
    }
}
