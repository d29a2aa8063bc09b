package io.syncmesh.conflict.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.WriteTime;

/** The (time, device) stamps last-writer-wins compares: the clamped local write and the remote field's last write. */
final class LwwClock {

    /** When and by whom a value was written; later time wins, then the greater device id. */
    record Stamp(Instant time, String device) implements Comparable<Stamp> {

        @Override
        public int compareTo(Stamp other) {
            int byTime = time.compareTo(other.time);
            return byTime != 0 ? byTime : device.compareTo(other.device);
        }
    }

    private final Duration clockSkew;

    LwwClock(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /**
     * The local write's stamp. The device clock is believed only within [receivedAt - skew, receivedAt]: a clock ahead
     * must not win every later conflict, and a clock years behind must not lose every one.
     */
    Stamp local(Instant clientTime, Instant receivedAt, String device) {
        Instant time = WriteTime.effective(clientTime, receivedAt);
        if (time != null && receivedAt != null) {
            Instant earliest = receivedAt.minus(clockSkew);
            if (time.isBefore(earliest)) {
                time = earliest;
            }
        }
        return new Stamp(time == null ? Instant.EPOCH : time, device == null ? "" : device);
    }

    /**
     * The remote field's stamp from its per-field metadata; an entity written before per-field metadata existed falls
     * back to the entity's last write, and an entity without even that counts as written at the epoch by nobody.
     */
    static Stamp remote(EntitySnapshot remote, String field) {
        Map<String, FieldMeta> metas = remote.fieldMeta();
        FieldMeta meta = metas == null ? null : metas.get(field);
        Instant time = meta != null && meta.time() != null ? meta.time() : remote.updatedAt();
        String device = meta != null && meta.device() != null ? meta.device() : remote.updatedBy();
        return new Stamp(time == null ? Instant.EPOCH : time, device == null ? "" : device);
    }
}
