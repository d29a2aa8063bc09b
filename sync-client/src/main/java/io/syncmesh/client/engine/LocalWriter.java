package io.syncmesh.client.engine;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.api.InvalidChangeException;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.client.local.StoreTransaction;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Violation;

/**
 * The local write path: validates a change, appends it to the change log and updates the entity the app sees, in one
 * local transaction. When it returns, the edit is durable on the device (for a durable store) and waits to be pushed.
 */
public final class LocalWriter {

    private final LocalStore store;
    private final Clock clock;
    private final Supplier<String> changeIds;
    private final ChangeValidator validator = new ChangeValidator();

    public LocalWriter(LocalStore store, Clock clock, Supplier<String> changeIds) {
        this.store = store;
        this.clock = clock;
        this.changeIds = changeIds;
    }

    /** Creates an entity the device names; refused when the device already has one of that id. */
    public Change create(String collection, String id, Map<String, JsonNode> fields, List<String> dependsOn) {
        return store.inTransaction(tx -> {
            if (tx.entity(collection, id).isPresent()) {
                throw new IllegalStateException("entity " + collection + "/" + id + " already exists on this device");
            }
            return append(tx, LocalEntity.unknownToServer(collection, id), Op.CREATE, null, fields, dependsOn);
        });
    }

    /** Changes some fields of an entity (a patch). */
    public Change update(String collection, String id, Map<String, JsonNode> patch, List<String> dependsOn) {
        return store.inTransaction(tx -> {
            LocalEntity entity = existing(tx, collection, id);
            return append(tx, entity, Op.UPDATE, baseVersion(entity), patch, dependsOn);
        });
    }

    /** Deletes an entity. */
    public Change delete(String collection, String id, List<String> dependsOn) {
        return store.inTransaction(tx -> {
            LocalEntity entity = existing(tx, collection, id);
            return append(tx, entity, Op.DELETE, baseVersion(entity), null, dependsOn);
        });
    }

    private static LocalEntity existing(StoreTransaction tx, String collection, String id) {
        LocalEntity entity = tx.entity(collection, id)
                .orElseThrow(() -> new IllegalStateException("no entity " + collection + "/" + id + " on this device"));
        if (entity.deleted()) {
            throw new IllegalStateException("entity " + collection + "/" + id + " is deleted");
        }
        return entity;
    }

    /**
     * The server version this device last saw. An entity the server has not confirmed yet was created here: its create
     * will be version 1, and the server applies the device's own chain of edits on it in order.
     */
    private static long baseVersion(LocalEntity entity) {
        return entity.knownToServer() ? entity.serverVersion() : 1;
    }

    private Change append(StoreTransaction tx, LocalEntity entity, Op op, Long baseVersion,
            Map<String, JsonNode> fields, List<String> dependsOn) {
        long seq = tx.nextSeq();
        Change change = new Change(changeIds.get(), entity.collection(), entity.id(), op, baseVersion, fields,
                clock.instant(), seq, dependsOn == null ? List.of() : dependsOn);
        List<Violation> violations = validator.validate(change);
        if (!violations.isEmpty()) {
            throw new InvalidChangeException(violations);
        }
        tx.appendChange(OutboxChange.queued(seq, change));
        tx.putEntity(EntityView.of(entity, tx.unfinished(entity.collection(), entity.id())));
        return change;
    }
}
