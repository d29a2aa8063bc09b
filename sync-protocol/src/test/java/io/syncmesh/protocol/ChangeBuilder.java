package io.syncmesh.protocol;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Test data: well-formed changes of each op, to be bent one rule at a time. */
final class ChangeBuilder {

    static final String CHANGE_ID = "01JD9V6K7Q8XAB12CD34EF56GH";
    static final String PARENT_ID = "01JD9V5Z9Y8XWV7UT6SR5QP4ON";
    static final String ENTITY_ID = "29JYBqz9G3S6po1hy";
    static final Instant CLIENT_TIME = Instant.parse("2025-03-14T09:12:00Z");

    private String changeId = CHANGE_ID;
    private String collection = "notes";
    private String entityId = ENTITY_ID;
    private Op op;
    private Long baseVersion;
    private Map<String, JsonNode> fields;
    private Instant clientTime = CLIENT_TIME;
    private Long deviceSeq = 42L;
    private List<String> dependsOn = List.of();

    private ChangeBuilder(Op op) {
        this.op = op;
    }

    /** A create: all fields, no base version. */
    static ChangeBuilder aCreate() {
        ChangeBuilder b = new ChangeBuilder(Op.CREATE);
        b.fields = fieldsOf("title", "Shopping", "body", "Milk");
        return b;
    }

    /** An update: a patch of the dirty fields against base version 15, after its parent change. */
    static ChangeBuilder anUpdate() {
        ChangeBuilder b = new ChangeBuilder(Op.UPDATE);
        b.baseVersion = 15L;
        b.fields = fieldsOf("body", "Milk, eggs, butter");
        b.dependsOn = List.of(PARENT_ID);
        return b;
    }

    /** A delete: base version 16, no fields. */
    static ChangeBuilder aDelete() {
        ChangeBuilder b = new ChangeBuilder(Op.DELETE);
        b.baseVersion = 16L;
        b.fields = null;
        return b;
    }

    static Map<String, JsonNode> fieldsOf(String... namesAndValues) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], TextNode.valueOf(namesAndValues[i + 1]));
        }
        return map;
    }

    static Map<String, JsonNode> manyFields(String prefix, int count) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(prefix + i, TextNode.valueOf("value" + i));
        }
        return map;
    }

    ChangeBuilder changeId(String value) {
        this.changeId = value;
        return this;
    }

    ChangeBuilder collection(String value) {
        this.collection = value;
        return this;
    }

    ChangeBuilder entityId(String value) {
        this.entityId = value;
        return this;
    }

    ChangeBuilder op(Op value) {
        this.op = value;
        return this;
    }

    ChangeBuilder baseVersion(Long value) {
        this.baseVersion = value;
        return this;
    }

    ChangeBuilder fields(Map<String, JsonNode> value) {
        this.fields = value;
        return this;
    }

    ChangeBuilder clientTime(Instant value) {
        this.clientTime = value;
        return this;
    }

    ChangeBuilder deviceSeq(Long value) {
        this.deviceSeq = value;
        return this;
    }

    ChangeBuilder dependsOn(List<String> value) {
        this.dependsOn = value;
        return this;
    }

    Change build() {
        return new Change(changeId, collection, entityId, op, baseVersion, fields, clientTime, deviceSeq, dependsOn);
    }
}
