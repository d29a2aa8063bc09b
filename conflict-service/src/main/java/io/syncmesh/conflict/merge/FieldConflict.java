package io.syncmesh.conflict.merge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field both sides changed that needs a person: its values on each side (null when absent there), the policy it has,
 * and why the policy could not settle it ({@code manual}, {@code critical}, {@code overlapping-edits},
 * {@code not-comparable}, {@code base-missing}, {@code merge-limit}).
 */
public record FieldConflict(String field, String policy, JsonNode base, JsonNode local, JsonNode remote, String why) {
}
