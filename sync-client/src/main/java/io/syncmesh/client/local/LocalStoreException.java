package io.syncmesh.client.local;

/**
 * The local store could not do what was asked (the database failed, not the caller). The message names the operation
 * and never a field value: stored documents may hold personal data.
 */
public class LocalStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public LocalStoreException(String message) {
        super(message);
    }
}
