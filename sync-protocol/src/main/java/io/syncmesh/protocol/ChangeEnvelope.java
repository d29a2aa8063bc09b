package io.syncmesh.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change on sync.changes with what the server knows about it: the tenant and device from the verified token, when the
 * gateway received it, who sent it (origin), and the attempt number through the conflict path. The pair (changeId,
 * attempt) is the idempotency key of a change coming back from the conflict-service. An answer of the conflict-service
 * also names the fields both sides had changed, with the policy each follows ({@code conflictFields}, field to policy):
 * the metrics-service counts conflicts per field from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEnvelope(
        String type,
        int schemaVersion,
        String tenant,
        String device,
        Instant receivedAt,
        Change change,
        Origin origin,
        int attempt,
        ConflictMode conflictMode,
        Verdict verdict,
        String conflictId,
        String code,
        Map<String, String> conflictFields) {

    public static final String TYPE = "change";
    public static final int SCHEMA_VERSION = 1;

    public ChangeEnvelope {
        type = type == null ? TYPE : type;
        schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
        origin = origin == null ? Origin.CLIENT : origin;
        conflictMode = conflictMode == null ? ConflictMode.MERGE : conflictMode;
        conflictFields = conflictFields == null || conflictFields.isEmpty() ? null : Map.copyOf(conflictFields);
    }

    /** A fresh change from a device, as the gateway produces it. */
    public static ChangeEnvelope fromClient(String tenant, String device, Instant receivedAt, Change change,
            ConflictMode mode) {
        return new ChangeEnvelope(TYPE, SCHEMA_VERSION, tenant, device, receivedAt, change, Origin.CLIENT, 0, mode,
                null, null, null, null);
    }

    /** The same change coming back from the conflict path with the given verdict, one attempt later. */
    public ChangeEnvelope returning(Change newChange, Verdict newVerdict, String newConflictId, String newCode) {
        return new ChangeEnvelope(TYPE, SCHEMA_VERSION, tenant, device, receivedAt, Objects.requireNonNull(newChange),
                Origin.MERGE, attempt + 1, conflictMode, newVerdict, newConflictId, newCode, null);
    }

    /** This envelope naming the fields both sides changed, with their policies (empty or null: none). */
    public ChangeEnvelope withConflictFields(Map<String, String> fields) {
        return new ChangeEnvelope(type, schemaVersion, tenant, device, receivedAt, change, origin, attempt,
                conflictMode, verdict, conflictId, code, fields);
    }

    /** The entity this envelope's change is about. */
    public EntityKey key() {
        return change.key(tenant);
    }

    /** Whether this envelope returns a change from the conflict path (it then holds a place behind the fence). */
    @JsonIgnore
    public boolean isReturnFromConflictPath() {
        return origin == Origin.MERGE;
    }

    /** The verdict, defaulting to apply. */
    public Verdict verdictOrApply() {
        return verdict == null ? Verdict.APPLY : verdict;
    }
}
