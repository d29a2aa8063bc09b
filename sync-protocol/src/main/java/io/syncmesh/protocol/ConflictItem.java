package io.syncmesh.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A conflict waiting for (or decided by) a person: the change that could not be merged, the entity at its base version
 * ({@code base}, absent when history no longer had it), the local side (base plus the change; absent for a delete), the
 * remote entity at {@code remoteVersion} ({@code remoteDeleted} when it is a tombstone), the fields that need a
 * decision, and the {@code proposal}: what merged on its own and is applied with any resolution.
 *
 * @param reason
 *            {@code field-conflict}, {@code update-vs-delete}, {@code merge-limit} or {@code merge-failed}
 * @param status
 *            {@code open}, {@code resolved} or {@code dismissed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictItem(
        String id,
        String status,
        String reason,
        String collection,
        String entityId,
        String changeId,
        String device,
        Op op,
        long remoteVersion,
        boolean remoteDeleted,
        Map<String, JsonNode> base,
        Map<String, JsonNode> local,
        Map<String, JsonNode> remote,
        List<ConflictField> conflicts,
        Map<String, JsonNode> proposal,
        Instant createdAt,
        String decidedBy,
        Instant decidedAt,
        Map<String, JsonNode> resolution,
        String resolutionChangeId) {

    public static final String OPEN = "open";
    public static final String RESOLVED = "resolved";
    public static final String DISMISSED = "dismissed";
}
