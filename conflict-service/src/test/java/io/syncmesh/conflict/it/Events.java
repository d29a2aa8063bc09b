package io.syncmesh.conflict.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Origin;

/** Conflict events as the sync-service sends them, and direct reads of the service's schema. */
final class Events {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Events() {
    }

    static String uniqueTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Field values from name/value pairs; numbers stay numbers. */
    static Map<String, JsonNode> fields(Object... pairs) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            fields.put((String) pairs[i], value instanceof Number number
                    ? JsonNodeFactory.instance.numberNode(number.longValue())
                    : JsonNodeFactory.instance.textNode((String) value));
        }
        return fields;
    }

    static EntitySnapshot snapshot(long version, Map<String, JsonNode> fields, String writer, Instant writtenAt) {
        Map<String, FieldMeta> meta = new LinkedHashMap<>();
        fields.keySet().forEach(field -> meta.put(field, new FieldMeta(version, writer, 1, writtenAt)));
        return new EntitySnapshot(version, fields, meta, false, writtenAt, writer);
    }

    static EntitySnapshot tombstone(long version, String writer, Instant at) {
        return new EntitySnapshot(version, Map.of(), Map.of(), true, at, writer);
    }

    /** A device's update of {@code fields} on {@code baseVersion}, made at {@code clientTime}. */
    static ChangeEnvelope update(String tenant, String device, String collection, String entityId, long baseVersion,
            Map<String, JsonNode> fields, Instant clientTime) {
        Change change = new Change(UUID.randomUUID().toString(), collection, entityId, Op.UPDATE, baseVersion, fields,
                clientTime, 7L, List.of());
        return ChangeEnvelope.fromClient(tenant, device, clientTime.plusSeconds(60), change, ConflictMode.MERGE);
    }

    /** The same envelope as the conflict-service's n-th answer would carry it (origin merge, attempt n). */
    static ChangeEnvelope atAttempt(ChangeEnvelope envelope, int attempt) {
        return new ChangeEnvelope(envelope.type(), envelope.schemaVersion(), envelope.tenant(), envelope.device(),
                envelope.receivedAt(), envelope.change(), attempt == 0 ? Origin.CLIENT : Origin.MERGE, attempt,
                envelope.conflictMode(), envelope.verdict(), null, null, null);
    }

    static ConflictEvent concurrentEdit(ChangeEnvelope envelope, EntitySnapshot base, EntitySnapshot remote) {
        return ConflictEvent.of(envelope, base, remote, ConflictEvent.REASON_CONCURRENT_EDIT);
    }

    /** The single number a query returns. */
    static long scalar(String sql, Object... params) {
        try (Connection conn = SyncMeshTestResource.database().connect();
                PreparedStatement statement = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
