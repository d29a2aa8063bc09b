package io.syncmesh.conflict.merge;

import java.math.BigDecimal;

/** The {@code counter} policy: remote + (local - base), so that concurrent increments add up. */
final class CounterMerge {

    // Numbers with exponents beyond this are not counters; adding 1E+999999999 and 1 exactly would exhaust memory.
    private static final int MAX_SCALE = 1000;

    private CounterMerge() {
    }

    static Resolution resolve(FieldSides sides) {
        if (!sides.baseKnown()) {
            // Without the base the local delta is unknown; guessing would count an increment twice or not at all.
            return Resolution.unresolved(Resolution.BASE_MISSING);
        }
        BigDecimal local = operand(sides.local());
        BigDecimal remote = operand(sides.remote());
        // A field the base did not have (or a create racing a create) started from zero.
        BigDecimal base = JsonValues.isAbsent(sides.base()) ? BigDecimal.ZERO : operand(sides.base());
        if (local == null || remote == null || base == null) {
            return Resolution.unresolved(Resolution.NOT_COMPARABLE);
        }
        return Resolution.take(JsonValues.number(remote.add(local.subtract(base))));
    }

    private static BigDecimal operand(com.fasterxml.jackson.databind.JsonNode node) {
        BigDecimal value = JsonValues.decimal(node);
        if (value == null || Math.abs((long) value.stripTrailingZeros().scale()) > MAX_SCALE) {
            return null;
        }
        return value;
    }
}
