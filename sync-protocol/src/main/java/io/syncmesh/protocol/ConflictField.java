package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field of a conflict item no policy could settle: its base, local and remote values (absent where the side has
 * none), its policy, and why ({@code manual}, {@code critical}, {@code overlapping-edits}, {@code not-comparable},
 * {@code base-missing}, {@code merge-limit}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictField(String field, String policy, JsonNode base, JsonNode local, JsonNode remote, String why) {
}
