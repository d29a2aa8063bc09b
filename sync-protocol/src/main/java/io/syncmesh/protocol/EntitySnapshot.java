package io.syncmesh.protocol;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** An entity at one version with per-field metadata, as conflict events carry it (base and remote). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntitySnapshot(
        long version,
        Map<String, JsonNode> fields,
        Map<String, FieldMeta> fieldMeta,
        boolean deleted,
        Instant updatedAt,
        String updatedBy) {
}
