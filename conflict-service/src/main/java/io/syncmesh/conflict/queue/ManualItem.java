package io.syncmesh.conflict.queue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.syncmesh.conflict.merge.MergeOutcome.NeedsPerson;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.ConflictItem;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.SyncJson;

/** A conflict in the manual queue (table {@code conflicts.item}); JSON documents are stored as text. */
@Entity
@Table(name = "item")
public class ManualItem extends PanacheEntityBase {

    private static final TypeReference<Map<String, JsonNode>> FIELDS = new TypeReference<>() {
    };
    private static final TypeReference<List<ConflictField>> CONFLICTS = new TypeReference<>() {
    };

    @Id
    public String id;
    public String tenant;
    public String status;
    public String reason;
    public String collection;
    @Column(name = "entity_id")
    public String entityId;
    @Column(name = "change_id")
    public String changeId;
    public int attempt;
    public String device;
    public String op;
    @Column(name = "remote_version")
    public long remoteVersion;
    @Column(name = "remote_deleted")
    public boolean remoteDeleted;
    public String base;
    public String local;
    public String remote;
    public String conflicts;
    public String proposal;
    public String envelope;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String resolution;
    @Column(name = "resolution_change_id")
    public String resolutionChangeId;
    @Column(name = "resolution_unsent")
    public String resolutionUnsent;

    /**
     * The id of the item a conflict event creates: derived from tenant, change id and attempt, so that the same event
     * can never create two items.
     */
    public static String idFor(ChangeEnvelope event) {
        return UUID.nameUUIDFromBytes(Answer.idOf(event).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A new open item for a conflict event the merge could not settle. */
    public static ManualItem open(ConflictEvent event, NeedsPerson outcome, Instant now) {
        ChangeEnvelope envelope = event.envelope();
        ManualItem item = new ManualItem();
        item.id = idFor(envelope);
        item.tenant = envelope.tenant();
        item.status = ConflictItem.OPEN;
        item.reason = outcome.reason();
        item.collection = envelope.change().collection();
        item.entityId = envelope.change().entityId();
        item.changeId = envelope.change().changeId();
        item.attempt = envelope.attempt();
        item.device = envelope.device();
        item.op = envelope.change().op().wire();
        EntitySnapshot remote = event.remote();
        item.remoteVersion = remote.version();
        item.remoteDeleted = remote.deleted();
        item.base = event.base() == null ? null : SyncJson.write(event.base().fields());
        item.local = outcome.local() == null ? null : SyncJson.write(outcome.local());
        item.remote = SyncJson.write(remote.fields() == null ? Map.of() : remote.fields());
        item.conflicts = SyncJson.write(outcome.conflicts());
        item.proposal = SyncJson.write(outcome.proposal());
        item.envelope = SyncJson.write(envelope);
        item.createdAt = now;
        return item;
    }

    /** Records a resolution and the change that carries it (sent by the caller, or by the outbox). */
    void resolve(String by, Instant at, Map<String, JsonNode> chosen, ChangeEnvelope change) {
        status = ConflictItem.RESOLVED;
        decidedBy = by;
        decidedAt = at;
        resolution = SyncJson.write(chosen);
        resolutionChangeId = change.change().changeId();
        resolutionUnsent = SyncJson.write(change);
    }

    /** Records that nobody will resolve it: the remote state stands. */
    void dismiss(String by, Instant at) {
        status = ConflictItem.DISMISSED;
        decidedBy = by;
        decidedAt = at;
    }

    boolean isOpen() {
        return ConflictItem.OPEN.equals(status);
    }

    /** The item as the API shows it. */
    public ConflictItem view() {
        return new ConflictItem(id, status, reason, collection, entityId, changeId, device, Op.fromWire(op),
                remoteVersion, remoteDeleted, fields(base), fields(local), fields(remote),
                SyncJson.read(conflicts, CONFLICTS), fields(proposal), createdAt, decidedBy, decidedAt,
                fields(resolution), resolutionChangeId);
    }

    private static Map<String, JsonNode> fields(String json) {
        return json == null ? null : SyncJson.read(json, FIELDS);
    }
}
