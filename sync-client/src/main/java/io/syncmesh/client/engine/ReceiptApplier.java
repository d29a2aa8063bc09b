package io.syncmesh.client.engine;

import java.util.List;
import java.util.Optional;

import io.syncmesh.client.api.SyncEvent;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.client.local.StoreTransaction;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * Applies receipts to local state: a pending one marks the change durable on the server (it is not pushed again); a
 * final one closes the change in the log and updates its entity (an applied change becomes server state, a conflict
 * flags the entity). Receipts come twice (push answers, pull pages, replays answered {@code duplicate}); a change
 * already final ignores them.
 */
final class ReceiptApplier {

    private ReceiptApplier() {
    }

    static List<SyncEvent> apply(StoreTransaction tx, Receipt receipt) {
        Optional<OutboxChange> logged = tx.change(receipt.changeId());
        ReceiptStatus outcome = receipt.outcome();
        if (logged.isEmpty()) {
            return resolutionOf(tx, receipt, outcome);
        }
        OutboxChange change = logged.get();
        if (change.isFinal() || outcome == null) {
            return List.of();
        }
        if (outcome == ReceiptStatus.PENDING) {
            if (change.state() == OutboxChange.State.QUEUED) {
                tx.updateChange(change.accepted());
            }
            return List.of();
        }
        return finish(tx, change, outcome, receipt);
    }

    /** Closes a change refused before it was stored (at the gateway's door, or a batch refused as a whole). */
    static List<SyncEvent> refuse(StoreTransaction tx, OutboxChange change, String code) {
        return finish(tx, change, ReceiptStatus.REJECTED, Receipt.rejected(change.changeId(),
                change.change().collection(), change.change().entityId(), code));
    }

    private static List<SyncEvent> finish(StoreTransaction tx, OutboxChange change, ReceiptStatus outcome,
            Receipt receipt) {
        tx.updateChange(change.finished(outcome, receipt.code()));
        String collection = change.change().collection();
        String id = change.change().entityId();
        LocalEntity entity = tx.entity(collection, id).orElse(LocalEntity.unknownToServer(collection, id));
        if (outcome == ReceiptStatus.APPLIED && receipt.version() != null
                && receipt.version() > entity.serverVersion()) {
            // Applied as sent on the version it names: the server state is exactly this change on the one before.
            // A merged change is not folded: the server may have kept other values; the next pull brings them.
            entity = EntityView.folded(entity, change.change(), receipt.version());
        }
        if (outcome == ReceiptStatus.CONFLICT) {
            entity = entity.withConflict(receipt.conflictId());
        }
        entity = EntityView.of(entity, tx.unfinished(collection, id));
        tx.putEntity(entity);
        SyncEvent finished = new SyncEvent.ChangeFinished(change.changeId(), collection, id, outcome, receipt.code());
        return outcome == ReceiptStatus.CONFLICT
                ? List.of(finished, new SyncEvent.ConflictRaised(entity, receipt.conflictId()))
                : List.of(finished);
    }

    /**
     * A receipt for a change this device did not write: an operator's resolution of one of its conflicts (it names the
     * item). The entity's conflict flag is cleared; the pull that brought it brings the resolved state too.
     */
    private static List<SyncEvent> resolutionOf(StoreTransaction tx, Receipt receipt, ReceiptStatus outcome) {
        if (receipt.conflictId() == null
                || (outcome != ReceiptStatus.APPLIED && outcome != ReceiptStatus.MERGED)) {
            return List.of();
        }
        Optional<LocalEntity> entity = tx.entity(receipt.collection(), receipt.entityId());
        if (entity.isEmpty() || !receipt.conflictId().equals(entity.get().conflictId())) {
            return List.of();
        }
        LocalEntity cleared = entity.get().withConflict(null);
        tx.putEntity(cleared);
        return List.of(new SyncEvent.ConflictResolved(cleared, receipt.conflictId()));
    }
}
