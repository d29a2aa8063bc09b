package io.syncmesh.protocol;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** The server state of one entity as devices see it; a deleted entity is a tombstone with no fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entity(
        String collection,
        String id,
        long version,
        String etag,
        Map<String, JsonNode> fields,
        boolean deleted,
        Instant updatedAt,
        String updatedBy) {
}
