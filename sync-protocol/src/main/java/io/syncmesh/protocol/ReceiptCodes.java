package io.syncmesh.protocol;

/** Stable codes of rejected receipts; devices dispatch on them. */
public final class ReceiptCodes {

    /** Client-side conflict mode: the base version is stale; the receipt event carries the current entity. */
    public static final String PRECONDITION_FAILED = "precondition-failed";
    /** A dependency was not applied within the deferral deadline. */
    public static final String DEPENDENCY_MISSING = "dependency-missing";
    /** An update or delete of an entity that does not exist. */
    public static final String NOT_FOUND = "not-found";
    /** An update or delete of an entity whose current state is a tombstone the device has seen. */
    public static final String ENTITY_DELETED = "entity-deleted";
    /** A base version the entity never had. */
    public static final String INVALID_BASE_VERSION = "invalid-base-version";
    /** The collection is no longer declared in the collection registry. */
    public static final String UNKNOWN_COLLECTION = "unknown-collection";
    /**
     * The change's data cannot be stored (a text with U+0000 or an unpaired surrogate): the gateway refuses it with
     * this code, and should such a change reach the apply path anyway, its receipt is rejected with it (no dead
     * letter).
     */
    public static final String UNSTORABLE_VALUE = "unstorable-value";
    /** The change could not be applied at all (it is in the dead-letter topic). */
    public static final String UNPROCESSABLE = "unprocessable";

    private ReceiptCodes() {
    }
}
