package io.syncmesh.conflict.merge;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.ConflictField;

/** What a policy made of one field both sides changed: a value, or why a person has to decide. */
sealed interface Resolution {

    /** The policy settled the field on this value (null: the field has no value). */
    record Take(JsonNode value) implements Resolution {
    }

    /** The policy could not settle the field; {@code why} is the {@link ConflictField#why()} code. */
    record Unresolved(String why) implements Resolution {
    }

    static Resolution take(JsonNode value) {
        return new Take(value);
    }

    static Resolution unresolved(String why) {
        return new Unresolved(why);
    }

    String MANUAL = "manual";
    String CRITICAL = "critical";
    String OVERLAPPING_EDITS = "overlapping-edits";
    String NOT_COMPARABLE = "not-comparable";
    String BASE_MISSING = "base-missing";
    String MERGE_LIMIT = "merge-limit";
}
