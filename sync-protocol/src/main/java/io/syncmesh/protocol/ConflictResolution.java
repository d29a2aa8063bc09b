package io.syncmesh.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operator's decision on a conflict item: {@code take} ({@code local} or {@code remote}) for every conflicting field
 * not named in {@code values}, and chosen {@code values} for conflicting fields. An update-against-delete item takes a
 * side only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictResolution(String take, Map<String, JsonNode> values) {

    public static final String LOCAL = "local";
    public static final String REMOTE = "remote";

    /** The chosen values, never null. */
    public Map<String, JsonNode> valuesOrEmpty() {
        return values == null ? Map.of() : values;
    }
}
