package io.syncmesh.sync.it;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;

/** Builds change envelopes as the gateway would produce them. */
final class Envelopes {

    private Envelopes() {
    }

    static String uniqueTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String changeId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, JsonNode> fields(Object... nameValues) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            Object value = nameValues[i + 1];
            JsonNode node = value instanceof Number n
                    ? JsonNodeFactory.instance.numberNode(n.longValue())
                    : JsonNodeFactory.instance.textNode(String.valueOf(value));
            fields.put((String) nameValues[i], node);
        }
        return fields;
    }

    static ChangeEnvelope create(String tenant, String device, String collection, String id,
            Map<String, JsonNode> fields, long deviceSeq) {
        return envelope(tenant, device, new Change(changeId(), collection, id, Op.CREATE, null, fields, null,
                deviceSeq, List.of()), ConflictMode.MERGE);
    }

    static ChangeEnvelope update(String tenant, String device, String collection, String id, long baseVersion,
            Map<String, JsonNode> fields, long deviceSeq) {
        return envelope(tenant, device, new Change(changeId(), collection, id, Op.UPDATE, baseVersion, fields, null,
                deviceSeq, List.of()), ConflictMode.MERGE);
    }

    static ChangeEnvelope delete(String tenant, String device, String collection, String id, long baseVersion,
            long deviceSeq) {
        return envelope(tenant, device, new Change(changeId(), collection, id, Op.DELETE, baseVersion, null, null,
                deviceSeq, List.of()), ConflictMode.MERGE);
    }

    static ChangeEnvelope envelope(String tenant, String device, Change change, ConflictMode mode) {
        return ChangeEnvelope.fromClient(tenant, device, Instant.now(), change, mode);
    }
}
