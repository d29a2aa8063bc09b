package io.syncmesh.client.api;

import java.util.List;

import io.syncmesh.protocol.Violation;

/** A local write broke the wire protocol's rules (DESIGN.md section 3); nothing was written. */
public class InvalidChangeException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidChangeException(List<Violation> violations) {
        super("invalid change: " + violations.stream().map(Violation::code).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
