package io.syncmesh.sync.apply;

import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * The recorded outcome of a change id: final, or pending while the change is in the conflict path or waits in its
 * entity's queue. {@code attempt} is the attempt that recorded it; {@code detourEvent} is the conflict event sent when
 * the change detoured, kept so that a redelivery can send it again (the row is the truth, events are re-derived from
 * it).
 */
public record StoredOutcome(
        OutcomeKey id,
        String device,
        EntityKey entity,
        ReceiptStatus status,
        int attempt,
        Long version,
        String conflictId,
        String code,
        String detourEvent) {

    public Receipt receipt() {
        return new Receipt(id.changeId(), status, null, entity.collection(), entity.entityId(), version,
                version == null ? null : io.syncmesh.protocol.Etags.of(version), conflictId, code);
    }

    public boolean isFinal() {
        return status.isFinal();
    }
}
