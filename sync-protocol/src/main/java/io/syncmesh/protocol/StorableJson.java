package io.syncmesh.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether a value can be stored as it is: PostgreSQL's {@code jsonb} refuses the character U+0000 in any text (SQL
 * state 22P05), and a text with an unpaired UTF-16 surrogate has no UTF-8 form at all. Both may reach the gateway as
 * JSON escapes ({@code "\u0000"}, {@code "\ud800"}) in a value or in a key of a nested object. Accepting such a change
 * would only move the refusal from the device's request to the apply path.
 */
final class StorableJson {

    private StorableJson() {
    }

    /** Whether every text and key within {@code value} can be stored. */
    static boolean isStorable(JsonNode value) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                if (!isStorable(node.textValue())) {
                    return false;
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    if (!isStorable(entry.getKey())) {
                        return false;
                    }
                    pending.push(entry.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return true;
    }

    /** No U+0000, and every surrogate in a pair (high then low). */
    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
