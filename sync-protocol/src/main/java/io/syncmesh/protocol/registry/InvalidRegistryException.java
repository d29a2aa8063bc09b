package io.syncmesh.protocol.registry;

import java.util.List;

/** The registry file cannot be used; the message names the file and every problem found, one per line. */
public final class InvalidRegistryException extends RuntimeException {

    private final List<String> problems;

    public InvalidRegistryException(String source, List<String> problems) {
        // No stack trace: this is a configuration error, and the message says all there is to fix.
        super("the collection registry " + source + " is invalid:\n  - " + String.join("\n  - ", problems), null,
                false, false);
        this.problems = List.copyOf(problems);
    }

    /** Each problem, as "where: what". */
    public List<String> problems() {
        return problems;
    }
}
