package io.syncmesh.protocol;

/** One broken validation rule: a stable code and a detail that names the rule, never the offending value. */
public record Violation(String code, String detail) {
}
