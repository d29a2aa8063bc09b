package io.syncmesh.protocol.registry;

import java.util.List;

/** The registry file cannot be used; the message names the file and every problem found, one per line. */
public final class InvalidRegistryException extends RuntimeException {

    private final List<String> problems;

    public InvalidRegistryException(String source, List<String> problems) {
        super("the collection registry " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, as "where: what". */
    public List<String> problems() {
        return problems;
    }
}
