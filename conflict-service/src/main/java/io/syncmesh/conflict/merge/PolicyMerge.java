package io.syncmesh.conflict.merge;

import io.syncmesh.conflict.merge.LwwClock.Stamp;
import io.syncmesh.protocol.registry.FieldPolicy;

/** Settles one field both sides changed to different values by the field's policy (DESIGN.md section 6). */
final class PolicyMerge {

    private PolicyMerge() {
    }

    /**
     * The policy's answer for the field. {@code localStamp} and {@code remoteStamp} are the last-writer-wins stamps of
     * both sides; only {@code lww} reads them.
     */
    static Resolution resolve(FieldPolicy policy, FieldSides sides, Stamp localStamp, Stamp remoteStamp) {
        return switch (policy) {
            // On a full tie the incoming change wins: it is the newer information the server has.
            case LWW -> Resolution.take(localStamp.compareTo(remoteStamp) >= 0 ? sides.local() : sides.remote());
            case SERVER_WINS -> Resolution.take(sides.remote());
            case CLIENT_WINS -> Resolution.take(sides.local());
            case MAX -> OrderMerge.resolve(sides, true);
            case MIN -> OrderMerge.resolve(sides, false);
            case COUNTER -> CounterMerge.resolve(sides);
            case UNION -> UnionMerge.resolve(sides);
            case TEXT -> TextMerge.resolve(sides);
            case MANUAL -> Resolution.unresolved(Resolution.MANUAL);
        };
    }
}
