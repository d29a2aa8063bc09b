package io.syncmesh.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One edit a device made, as it travels on the wire (DESIGN.md section 3). {@code changeId} is the idempotency key
 * within a tenant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Change(
        String changeId,
        String collection,
        String entityId,
        Op op,
        Long baseVersion,
        Map<String, JsonNode> fields,
        Instant clientTime,
        Long deviceSeq,
        List<String> dependsOn) {

    public Change {
        fields = fields == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** The fields of this change, never null. */
    public Map<String, JsonNode> fieldsOrEmpty() {
        return fields == null ? Map.of() : fields;
    }

    /** The entity this change is about, under the given tenant. */
    public EntityKey key(String tenant) {
        return new EntityKey(tenant, collection, entityId);
    }

    /** A copy with another base version (a merged change is re-based on the remote version). */
    public Change withBaseVersion(Long newBaseVersion) {
        return new Change(changeId, collection, entityId, op, newBaseVersion, fields, clientTime, deviceSeq, dependsOn);
    }

    /** A copy with other fields. */
    public Change withFields(Map<String, JsonNode> newFields) {
        return new Change(changeId, collection, entityId, op, baseVersion, newFields, clientTime, deviceSeq, dependsOn);
    }
}
