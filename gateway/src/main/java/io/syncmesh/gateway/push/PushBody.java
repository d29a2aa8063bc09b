package io.syncmesh.gateway.push;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.PushResponse.RejectedChange;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.web.Problems;

/**
 * Reads a push body: the batch as a whole must be JSON of the form {@code {"changes":[…]}} within the limits (else
 * 400/413 for the whole request); each change is then mapped and validated on its own, so a bad change is rejected
 * alone with a code while the others go on.
 */
public record PushBody(List<Change> accepted, List<RejectedChange> rejected) {

    public static final String INVALID_CHANGE = "invalid-change";

    private static final ObjectMapper JSON = SyncJson.mapper();
    /** Reads and checks a push body with the validator of the collection registry. */
    public static PushBody read(byte[] body, ChangeValidator validator) {
        if (body == null || body.length == 0) {
            throw Problems.invalid("the body must be {\"changes\":[…]}");
        }
        if (body.length > Limits.MAX_PUSH_BODY_BYTES) {
            throw Problems.tooLarge("a push body is at most " + Limits.MAX_PUSH_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw Problems.invalid("the body is not valid JSON");
        }
        if (root == null || !root.isObject() || !root.path("changes").isArray()) {
            throw Problems.invalid("the body must be {\"changes\":[…]}");
        }
        JsonNode changes = root.get("changes");
        if (changes.size() > Limits.MAX_CHANGES_PER_PUSH) {
            throw Problems.tooLarge("a push holds at most " + Limits.MAX_CHANGES_PER_PUSH + " changes");
        }
        return validate(changes, validator);
    }

    private static PushBody validate(JsonNode changes, ChangeValidator validator) {
        List<Change> mapped = new ArrayList<>(changes.size());
        List<RejectedChange> rejected = new ArrayList<>();
        List<String> unmappedIds = new ArrayList<>();
        for (JsonNode node : changes) {
            try {
                mapped.add(JSON.treeToValue(node, Change.class));
            } catch (IOException | IllegalArgumentException e) {
                mapped.add(null);
                unmappedIds.add(node.path("changeId").isTextual() ? node.get("changeId").asText() : null);
            }
        }
        List<List<Violation>> violations = validator.validateBatch(mapped.stream().filter(c -> c != null).toList());
        List<Change> accepted = new ArrayList<>();
        int valid = 0;
        int unmapped = 0;
        for (Change change : mapped) {
            if (change == null) {
                rejected.add(new RejectedChange(unmappedIds.get(unmapped++), INVALID_CHANGE,
                        "the change does not have the shape of a change (fields, types or op)"));
                continue;
            }
            List<Violation> broken = violations.get(valid++);
            if (broken.isEmpty()) {
                accepted.add(change);
            } else {
                rejected.add(new RejectedChange(change.changeId(), broken.get(0).code(), broken.get(0).detail()));
            }
        }
        return new PushBody(accepted, rejected);
    }
}
