package io.syncmesh.conflict.merge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.syncmesh.protocol.IsoInstant;

/** JSON value helpers for merging: "no value", equality by numeric value, numbers and timestamps. */
final class JsonValues {

    // Beyond this many digits an integer result stays a decimal node: turning 1E+999999999 into a BigInteger would
    // exhaust memory, and no real field holds such a number.
    private static final int MAX_INTEGER_DIGITS = 400;

    // Deep comparison that lets 1 and 1.0 match anywhere in a value (inside arrays and objects too).
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            return x != null && y != null && x.compareTo(y) == 0 ? 0 : 1;
        }
        return 1;
    };

    private JsonValues() {
    }

    /** Whether the node is absent, JSON null or missing: all mean "no value" when detecting changes. */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** Value equality: "no value" equals "no value", numbers compare by value, everything else as JSON. */
    static boolean same(JsonNode a, JsonNode b) {
        boolean absentA = isAbsent(a);
        boolean absentB = isAbsent(b);
        if (absentA || absentB) {
            return absentA && absentB;
        }
        return a.equals(NUMERIC_AWARE, b);
    }

    /** The exact value of a number node, or null when it is not a (finite) number. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue();
    }

    /** A number as the smallest fitting integer node when it has no fraction, else as a decimal node. */
    static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_INTEGER_DIGITS) {
            BigInteger integer = stripped.toBigIntegerExact();
            if (integer.bitLength() < Integer.SIZE) {
                return JsonNodeFactory.instance.numberNode(integer.intValue());
            }
            if (integer.bitLength() < Long.SIZE) {
                return JsonNodeFactory.instance.numberNode(integer.longValue());
            }
            return JsonNodeFactory.instance.numberNode(integer);
        }
        return DecimalNode.valueOf(value);
    }

    /** The instant an ISO-8601 timestamp string names (with Z or an offset), or null when it is not one. */
    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        try {
            return IsoInstant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notATimestamp) {
                return null;
            }
        }
    }
}
