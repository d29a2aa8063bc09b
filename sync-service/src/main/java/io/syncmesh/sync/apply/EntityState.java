package io.syncmesh.sync.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.FieldMeta;

/**
 * The stored state of one entity as the apply path needs it. {@code chainDevice}/{@code chainStart} describe the run of
 * latest versions written by one device (the own-chain rule); {@code detours} counts its changes in flight through the
 * conflict path (the fence).
 */
public record EntityState(
        EntityKey key,
        long version,
        Map<String, JsonNode> fields,
        Map<String, FieldMeta> fieldMeta,
        boolean deleted,
        Instant updatedAt,
        String updatedBy,
        String chainDevice,
        long chainStart,
        int detours) {

    public EntityState {
        fields = Map.copyOf(fields);
        fieldMeta = Map.copyOf(fieldMeta);
    }

    /** Whether every version after {@code baseVersion} was written by {@code device} (its own offline chain). */
    public boolean isOwnChain(String device, long baseVersion) {
        return device.equals(chainDevice) && baseVersion + 1 >= chainStart && baseVersion < version;
    }

    public EntityState withDetours(int newDetours) {
        return new EntityState(key, version, fields, fieldMeta, deleted, updatedAt, updatedBy, chainDevice, chainStart,
                newDetours);
    }

    /** The state after a write of {@code device} producing the next version. */
    public EntityState written(Map<String, JsonNode> newFields, Map<String, FieldMeta> newMeta, boolean nowDeleted,
            Instant at, String device) {
        long next = version + 1;
        boolean sameChain = device.equals(chainDevice);
        return new EntityState(key, next, newFields, newMeta, nowDeleted, at, device, device,
                sameChain ? chainStart : next, detours);
    }

    /** The first version of a new entity. */
    public static EntityState created(EntityKey key, Map<String, JsonNode> fields, Map<String, FieldMeta> meta,
            Instant at, String device) {
        return new EntityState(key, 1, fields, meta, false, at, device, device, 1, 0);
    }

    public EntitySnapshot snapshot() {
        return new EntitySnapshot(version, fields, fieldMeta, deleted, updatedAt, updatedBy);
    }

    public Entity toEntity() {
        return new Entity(key.collection(), key.entityId(), version, Etags.of(version), deleted ? Map.of() : fields,
                deleted, updatedAt, updatedBy);
    }

    /** A mutable copy of the fields, in a stable order for the next write. */
    Map<String, JsonNode> fieldsCopy() {
        return new LinkedHashMap<>(fields);
    }

    Map<String, FieldMeta> metaCopy() {
        return new LinkedHashMap<>(fieldMeta);
    }
}
