package io.syncmesh.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a change against the wire rules (identifiers, op rules, sizes). Details name the rule, never a value: they end
 * up in logs and problem details.
 */
public final class ChangeValidator {

    public static final String INVALID_CHANGE_ID = "invalid-change-id";
    public static final String INVALID_COLLECTION = "invalid-collection";
    public static final String UNKNOWN_COLLECTION = "unknown-collection";
    public static final String INVALID_ENTITY_ID = "invalid-entity-id";
    public static final String INVALID_OP = "invalid-op";
    public static final String BASE_VERSION_REQUIRED = "base-version-required";
    public static final String BASE_VERSION_NOT_ALLOWED = "base-version-not-allowed";
    public static final String FIELDS_REQUIRED = "fields-required";
    public static final String FIELDS_NOT_ALLOWED = "fields-not-allowed";
    public static final String INVALID_FIELD_NAME = "invalid-field-name";
    public static final String TOO_MANY_FIELDS = "too-many-fields";
    public static final String FIELD_TOO_LARGE = "field-too-large";
    /** A text in a field's value that cannot be stored: U+0000, or an unpaired surrogate ({@link StorableJson}). */
    public static final String UNSTORABLE_VALUE = ReceiptCodes.UNSTORABLE_VALUE;
    public static final String INVALID_DEVICE_SEQ = "invalid-device-seq";
    public static final String INVALID_DEPENDENCY = "invalid-dependency";
    public static final String DUPLICATE_CHANGE_ID = "duplicate-change-id";

    private final Predicate<String> knownCollection;

    /** A validator that accepts every well-formed collection name. */
    public ChangeValidator() {
        this(collection -> true);
    }

    /** A validator that also requires the collection to be declared (the collection registry). */
    public ChangeValidator(Predicate<String> knownCollection) {
        this.knownCollection = knownCollection;
    }

    /** The rules one change from a device breaks; empty when it is valid. */
    public List<Violation> validate(Change change) {
        return validate(change, Origin.CLIENT);
    }

    /**
     * The rules one change breaks, by who made it. The conflict-service may send an update without fields: the merge
     * kept nothing of it (its side lost, or both sides agreed), and applying it settles the change without a write.
     */
    public List<Violation> validate(Change change, Origin origin) {
        List<Violation> violations = new ArrayList<>();
        if (change == null) {
            violations.add(new Violation(INVALID_OP, "a change must be a JSON object"));
            return violations;
        }
        if (!Identifiers.isChangeId(change.changeId())) {
            violations.add(new Violation(INVALID_CHANGE_ID, "changeId must match [A-Za-z0-9_-]{1,64}"));
        }
        if (!Identifiers.isCollection(change.collection())) {
            violations.add(new Violation(INVALID_COLLECTION, "collection must match [a-z][a-z0-9_]{0,62}"));
        } else if (!knownCollection.test(change.collection())) {
            violations.add(new Violation(UNKNOWN_COLLECTION, "collection is not declared in the collection registry"));
        }
        if (!Identifiers.isEntityId(change.entityId())) {
            violations.add(new Violation(INVALID_ENTITY_ID, "entityId must match [A-Za-z0-9_-]{1,64}"));
        }
        if (change.deviceSeq() != null && change.deviceSeq() < 0) {
            violations.add(new Violation(INVALID_DEVICE_SEQ, "deviceSeq must not be negative"));
        }
        checkOp(change, origin != Origin.CLIENT, violations);
        checkFields(change.fields(), violations);
        checkDependencies(change, violations);
        return violations;
    }

    /** The rules each change of a batch breaks, by position; a change id repeated within the batch is refused. */
    public List<List<Violation>> validateBatch(List<Change> changes) {
        List<List<Violation>> result = new ArrayList<>(changes.size());
        Set<String> seen = new HashSet<>();
        for (Change change : changes) {
            List<Violation> violations = validate(change);
            if (change != null && change.changeId() != null && !seen.add(change.changeId())) {
                violations.add(new Violation(DUPLICATE_CHANGE_ID, "changeId appears more than once in this batch"));
            }
            result.add(violations);
        }
        return result;
    }

    private static void checkOp(Change change, boolean serverMade, List<Violation> violations) {
        if (change.op() == null) {
            violations.add(new Violation(INVALID_OP, "op must be create, update or delete"));
            return;
        }
        boolean hasFields = change.fields() != null && !change.fields().isEmpty();
        switch (change.op()) {
            case CREATE -> {
                if (change.baseVersion() != null) {
                    violations.add(new Violation(BASE_VERSION_NOT_ALLOWED, "a create has no baseVersion"));
                }
                if (change.fields() == null) {
                    violations.add(new Violation(FIELDS_REQUIRED, "a create carries all fields"));
                }
            }
            case UPDATE -> {
                requireBaseVersion(change, violations);
                if (!hasFields && !serverMade) {
                    violations.add(new Violation(FIELDS_REQUIRED, "an update carries at least one field"));
                }
            }
            case DELETE -> {
                requireBaseVersion(change, violations);
                if (hasFields) {
                    violations.add(new Violation(FIELDS_NOT_ALLOWED, "a delete carries no fields"));
                }
            }
        }
    }

    private static void requireBaseVersion(Change change, List<Violation> violations) {
        if (change.baseVersion() == null || change.baseVersion() < 1) {
            violations.add(new Violation(BASE_VERSION_REQUIRED, "update and delete need baseVersion >= 1"));
        }
    }

    private static void checkFields(Map<String, JsonNode> fields, List<Violation> violations) {
        if (fields == null) {
            return;
        }
        if (fields.size() > Limits.MAX_FIELDS_PER_CHANGE) {
            violations.add(new Violation(TOO_MANY_FIELDS, "at most " + Limits.MAX_FIELDS_PER_CHANGE + " fields"));
        }
        for (String name : fields.keySet()) {
            if (!Identifiers.isFieldName(name)) {
                violations.add(new Violation(INVALID_FIELD_NAME, "field names must match [A-Za-z_][A-Za-z0-9_]{0,63}"));
                return;
            }
        }
        for (JsonNode value : fields.values()) {
            if (JsonSize.exceeds(value, Limits.MAX_FIELD_VALUE_CHARS)) {
                violations.add(new Violation(FIELD_TOO_LARGE, "a field's value is at most "
                        + Limits.MAX_FIELD_VALUE_CHARS + " characters of JSON"));
                return;
            }
        }
        for (JsonNode value : fields.values()) {
            if (value != null && !StorableJson.isStorable(value)) {
                violations.add(new Violation(UNSTORABLE_VALUE, "texts in field values (and keys of nested objects) "
                        + "cannot hold U+0000 or an unpaired UTF-16 surrogate"));
                return;
            }
        }
    }

    private static void checkDependencies(Change change, List<Violation> violations) {
        List<String> dependsOn = change.dependsOn();
        if (dependsOn.size() > Limits.MAX_DEPENDENCIES) {
            violations.add(new Violation(INVALID_DEPENDENCY, "at most " + Limits.MAX_DEPENDENCIES + " dependencies"));
            return;
        }
        for (String dependency : dependsOn) {
            if (!Identifiers.isChangeId(dependency)) {
                violations.add(new Violation(INVALID_DEPENDENCY, "dependsOn holds change ids"));
                return;
            }
            if (dependency.equals(change.changeId())) {
                violations.add(new Violation(INVALID_DEPENDENCY, "a change cannot depend on itself"));
                return;
            }
        }
    }
}
