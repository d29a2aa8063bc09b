package io.syncmesh.conflict.merge;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code max} and {@code min} policies: the larger (smaller) number, or the later (earlier) ISO-8601 timestamp. */
final class OrderMerge {

    private OrderMerge() {
    }

    static Resolution resolve(FieldSides sides, boolean max) {
        JsonNode local = sides.local();
        JsonNode remote = sides.remote();
        int order;
        BigDecimal localNumber = JsonValues.decimal(local);
        BigDecimal remoteNumber = JsonValues.decimal(remote);
        Instant localTime = JsonValues.instant(local);
        Instant remoteTime = JsonValues.instant(remote);
        if (localNumber != null && remoteNumber != null) {
            order = localNumber.compareTo(remoteNumber);
        } else if (localTime != null && remoteTime != null) {
            order = localTime.compareTo(remoteTime);
            if (order == 0) {
                // The same instant written differently ("...Z" vs "...+00:00"): decide by the text, not by the side,
                // so that the result does not depend on which change arrived first.
                order = local.textValue().compareTo(remote.textValue());
            }
        } else {
            return Resolution.unresolved(Resolution.NOT_COMPARABLE);
        }
        boolean localWins = max ? order > 0 : order < 0;
        return Resolution.take(localWins ? local : remote);
    }
}
