package io.syncmesh.conflict.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The {@code text} policy: a line-based three-way merge of strings; overlapping edits go to a person. */
final class TextMerge {

    private TextMerge() {
    }

    static Resolution resolve(FieldSides sides) {
        // A missing base (or a field the base did not have) is the empty text: both sides wrote all their lines.
        String base = JsonValues.isAbsent(sides.base()) || !sides.baseKnown() ? "" : text(sides.base());
        String local = text(sides.local());
        String remote = text(sides.remote());
        // A side that removed the field or holds no string is not an edit of the text; a person decides.
        if (base == null || local == null || remote == null) {
            return Resolution.unresolved(Resolution.NOT_COMPARABLE);
        }
        String merged = LineMerge.merge(base, local, remote);
        return merged == null
                ? Resolution.unresolved(Resolution.OVERLAPPING_EDITS)
                : Resolution.take(TextNode.valueOf(merged));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
