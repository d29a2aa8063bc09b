package io.syncmesh.protocol;

import java.time.Instant;

/** Who last wrote one field: the entity version, the device, its device sequence and the (clamped) write time. */
public record FieldMeta(long version, String device, long deviceSeq, Instant time) {
}
