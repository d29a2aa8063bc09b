package io.syncmesh.sync.apply;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.SyncJson;

/** Reads and writes the jsonb columns (entity fields and per-field metadata) as text with the protocol's mapper. */
public final class JsonColumns {

    private static final TypeReference<LinkedHashMap<String, JsonNode>> FIELDS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, FieldMeta>> META = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static Map<String, JsonNode> fields(String json) {
        return read(json, FIELDS);
    }

    public static Map<String, FieldMeta> meta(String json) {
        return read(json, META);
    }

    public static String write(Object value) {
        try {
            return SyncJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return SyncJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return SyncJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
