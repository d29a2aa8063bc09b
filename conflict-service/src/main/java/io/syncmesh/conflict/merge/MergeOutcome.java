package io.syncmesh.conflict.merge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;

/** What a merge decided: a change to apply on the remote version, or an item for a person. */
public sealed interface MergeOutcome {

    /**
     * Apply {@code change}: the incoming change re-based on the remote version ({@code baseVersion} = remote version)
     * holding only what differs from the remote entity. An update without fields settles the change without a write
     * (its side lost, or both sides agreed).
     *
     * @param bothChanged
     *            the fields both sides changed to different values (resolved by their policies), sorted
     */
    record Merged(Change change, List<String> bothChanged) implements MergeOutcome {
    }

    /**
     * A person decides.
     *
     * @param reason
     *            why: {@link NeedsPerson#FIELD_CONFLICT}, {@link NeedsPerson#UPDATE_VS_DELETE} or
     *            {@link NeedsPerson#MERGE_LIMIT}
     * @param conflicts
     *            the fields no policy could settle, sorted by field
     * @param proposal
     *            what the merge settled on its own, as a patch against the remote entity (applied with any resolution)
     * @param local
     *            the local side as a whole entity (base plus patch); null when the local change is a delete
     */
    record NeedsPerson(String reason, List<ConflictField> conflicts, Map<String, JsonNode> proposal,
            Map<String, JsonNode> local) implements MergeOutcome {

        public static final String FIELD_CONFLICT = "field-conflict";
        public static final String UPDATE_VS_DELETE = "update-vs-delete";
        public static final String MERGE_LIMIT = "merge-limit";
    }
}
