package io.syncmesh.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The length of a value written as compact JSON, counted without writing it, and only as far as a limit. */
final class JsonSize {

    private JsonSize() {
    }

    /** Whether the compact JSON of {@code value} is longer than {@code limit} characters (escapes not counted). */
    static boolean exceeds(JsonNode value, int limit) {
        long size = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                size += node.textValue().length() + 2;
            } else if (node.isObject()) {
                size += 2;
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    size += entry.getKey().length() + 4;
                    pending.push(entry.getValue());
                }
            } else if (node.isArray()) {
                size += 2 + node.size();
                node.forEach(pending::push);
            } else {
                size += node.asText().length();
            }
            if (size > limit) {
                return true;
            }
        }
        return false;
    }
}
