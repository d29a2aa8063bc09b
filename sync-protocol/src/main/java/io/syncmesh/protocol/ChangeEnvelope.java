package io.syncmesh.protocol;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change on sync.changes with what the server knows about it: the tenant and device from the verified token, when the
 * gateway received it, who sent it (origin), and the attempt number through the conflict path. The pair (changeId,
 * attempt) is the idempotency key of a change coming back from the conflict-service.
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
        String code) {

    public static final String TYPE = "change";
    public static final int SCHEMA_VERSION = 1;

    public ChangeEnvelope {
        type = type == null ? TYPE : type;
        schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
        origin = origin == null ? Origin.CLIENT : origin;
        conflictMode = conflictMode == null ? ConflictMode.MERGE : conflictMode;
    }

    /** A fresh change from a device, as the gateway produces it. */
    public static ChangeEnvelope fromClient(String tenant, String device, Instant receivedAt, Change change,
            ConflictMode mode) {
        return new ChangeEnvelope(TYPE, SCHEMA_VERSION, tenant, device, receivedAt, change, Origin.CLIENT, 0, mode,
                null,
                null, null);
    }

    /** The same change coming back from the conflict path with the given verdict, one attempt later. */
    public ChangeEnvelope returning(Change newChange, Verdict newVerdict, String newConflictId, String newCode) {
        return new ChangeEnvelope(TYPE, SCHEMA_VERSION, tenant, device, receivedAt, Objects.requireNonNull(newChange),
                Origin.MERGE, attempt + 1, conflictMode, newVerdict, newConflictId, newCode);
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
