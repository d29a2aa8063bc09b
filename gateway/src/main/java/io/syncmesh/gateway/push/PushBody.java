package io.syncmesh.gateway.push;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.syncmesh.gateway.web.RequestJson;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.PushResponse.RejectedChange;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.web.Problems;

/**
 * Reads a push body: the batch as a whole must be JSON of the form {@code {"changes":[…]}} within the limits (else
 * 400/413 for the whole request); each change is then mapped and validated on its own, so a bad change is rejected
 * alone with a code while the others go on.
 */
public record PushBody(List<Change> accepted, List<RejectedChange> rejected) {

    public static final String INVALID_CHANGE = "invalid-change";
    public static final String UNKNOWN_PROPERTY = "unknown-property";
    public static final String SERVER_OWNED_FIELD = "server-owned-field";

    /** What the server sets and a device never may: rejected by name, so a client bug is obvious. */
    static final Set<String> SERVER_OWNED = Set.of("version", "updatedBy", "updatedAt", "tenant", "device",
            "receivedAt", "origin", "attempt", "receipt", "status", "etag", "deleted");

    private static final ObjectMapper JSON = RequestJson.mapper();
    /** Reads and checks a push body with the validator of the collection registry. */
    public static PushBody read(byte[] body, ChangeValidator validator) {
        if (body == null || body.length == 0) {
            throw Problems.invalid("the body must be {\"changes\":[…]}");
        }
        if (body.length > Limits.MAX_PUSH_BODY_BYTES) {
            throw Problems.tooLarge("a push body is at most " + Limits.MAX_PUSH_BODY_BYTES + " bytes");
        }
        JsonNode root = RequestJson.readTree(body);
        if (!root.isObject() || !root.path("changes").isArray()) {
            throw Problems.invalid("the body must be {\"changes\":[…]}");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("changes")) {
                throw Problems.invalid("unknown property " + RequestJson.quoted(name)
                        + ": a push body has only \"changes\"");
            }
        });
        JsonNode changes = root.get("changes");
        if (changes.size() > Limits.MAX_CHANGES_PER_PUSH) {
            throw Problems.tooLarge("a push holds at most " + Limits.MAX_CHANGES_PER_PUSH + " changes");
        }
        return validate(changes, validator);
    }

    private static PushBody validate(JsonNode changes, ChangeValidator validator) {
        List<Change> mapped = new ArrayList<>(changes.size());
        List<RejectedChange> rejected = new ArrayList<>();
        List<RejectedChange> unmappable = new ArrayList<>();
        for (JsonNode node : changes) {
            String changeId = node.path("changeId").isTextual() ? node.get("changeId").asText() : null;
            if (!node.isObject()) {
                mapped.add(null);
                unmappable.add(new RejectedChange(null, INVALID_CHANGE, "a change is a JSON object"));
                continue;
            }
            try {
                mapped.add(JSON.treeToValue(node, Change.class));
            } catch (UnrecognizedPropertyException e) {
                mapped.add(null);
                unmappable.add(unknownProperty(changeId, e.getPropertyName()));
            } catch (IOException | IllegalArgumentException e) {
                mapped.add(null);
                unmappable.add(new RejectedChange(changeId, INVALID_CHANGE,
                        "the change does not have the shape of a change (fields, types or op)"));
            }
        }
        List<List<Violation>> violations = validator.validateBatch(mapped.stream().filter(c -> c != null).toList());
        List<Change> accepted = new ArrayList<>();
        int valid = 0;
        int unmapped = 0;
        for (Change change : mapped) {
            if (change == null) {
                rejected.add(unmappable.get(unmapped++));
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

    private static RejectedChange unknownProperty(String changeId, String property) {
        if (SERVER_OWNED.contains(property)) {
            return new RejectedChange(changeId, SERVER_OWNED_FIELD,
                    RequestJson.quoted(property) + " is set by the server, never by a device");
        }
        return new RejectedChange(changeId, UNKNOWN_PROPERTY,
                "a change has no property " + RequestJson.quoted(property));
    }
}
