package io.syncmesh.conflict.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;
import io.syncmesh.protocol.registry.OnDelete;

/** Small builders for merge tests; JSON is written with single quotes for readability. */
final class MergeFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration SKEW = Duration.ofDays(7);
    static final Instant RECEIVED_AT = Instant.parse("2025-03-14T10:00:00Z");
    static final Instant CLIENT_TIME = RECEIVED_AT.minusSeconds(60);
    static final String DEVICE = "dev-b";

    private MergeFixtures() {
    }

    static ThreeWayMerge engine() {
        return new ThreeWayMerge(SKEW, 5);
    }

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static Map<String, JsonNode> fields(String singleQuotedObject) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        json(singleQuotedObject).properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }

    static CollectionSpec spec(FieldPolicy defaultPolicy) {
        return new CollectionSpec("notes", false, OnDelete.UPDATE_WINS, defaultPolicy, Map.of());
    }

    static CollectionSpec spec(Map<String, FieldPolicy> policies) {
        return new CollectionSpec("notes", false, OnDelete.UPDATE_WINS, FieldPolicy.LWW, policies);
    }

    static CollectionSpec critical(FieldPolicy defaultPolicy) {
        return new CollectionSpec("notes", true, OnDelete.UPDATE_WINS, defaultPolicy, Map.of());
    }

    static CollectionSpec onDelete(OnDelete rule) {
        return new CollectionSpec("notes", false, rule, FieldPolicy.LWW, Map.of());
    }

    static EntitySnapshot snapshot(long version, String fields) {
        return new EntitySnapshot(version, fields(fields), Map.of(), false, RECEIVED_AT.minusSeconds(3600), "dev-a");
    }

    static EntitySnapshot snapshot(long version, String fields, Map<String, FieldMeta> meta, Instant updatedAt,
            String updatedBy) {
        return new EntitySnapshot(version, fields(fields), meta, false, updatedAt, updatedBy);
    }

    static EntitySnapshot tombstone(long version) {
        return new EntitySnapshot(version, Map.of(), Map.of(), true, RECEIVED_AT.minusSeconds(600), "dev-a");
    }

    static FieldMeta meta(String device, Instant time) {
        return new FieldMeta(2, device, 7, time);
    }

    static Change change(Op op, String fields) {
        return new Change("chg-1", "notes", "ent-1", op, op == Op.CREATE ? null : 1L,
                fields == null ? null : fields(fields), CLIENT_TIME, 42L, List.of("chg-0"));
    }

    static Change update(String fields) {
        return change(Op.UPDATE, fields);
    }

    static MergeInput input(Change change, EntitySnapshot base, EntitySnapshot remote) {
        return new MergeInput(change, DEVICE, RECEIVED_AT, 0, base, remote);
    }

    static MergeOutcome merge(CollectionSpec spec, String base, String patch, String remote) {
        return engine().merge(input(update(patch), snapshot(1, base), snapshot(3, remote)), spec);
    }

    static MergeOutcome.Merged merged(MergeOutcome outcome) {
        assertThat(outcome).isInstanceOf(MergeOutcome.Merged.class);
        return (MergeOutcome.Merged) outcome;
    }

    static MergeOutcome.NeedsPerson person(MergeOutcome outcome) {
        assertThat(outcome).isInstanceOf(MergeOutcome.NeedsPerson.class);
        return (MergeOutcome.NeedsPerson) outcome;
    }

    /** The merged change's fields. */
    static Map<String, JsonNode> patchOf(MergeOutcome outcome) {
        return merged(outcome).change().fieldsOrEmpty();
    }
}
