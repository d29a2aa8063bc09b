package io.syncmesh.client.transport;

/** The network or the server failed; the same call may succeed later. Carries no field values. */
public class TransportException extends RuntimeException {

    private final int status;

    public TransportException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public TransportException(String message, int status) {
        this(message, status, null);
    }

    /** The HTTP status, or 0 when no answer came (no network, timeout). */
    public int status() {
        return status;
    }
}
