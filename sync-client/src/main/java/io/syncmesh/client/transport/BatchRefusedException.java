package io.syncmesh.client.transport;

import java.util.List;

import io.syncmesh.protocol.Violation;

/**
 * The server refused a push as a whole ({@code 400} or {@code 413}): none of its changes was stored. Retrying the same
 * batch cannot succeed; the SDK retries its changes one by one to find the ones at fault.
 */
public class BatchRefusedException extends TransportException {

    private final List<Violation> violations;

    public BatchRefusedException(int status, List<Violation> violations) {
        super("the server refused the push (" + status + ")", status);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
