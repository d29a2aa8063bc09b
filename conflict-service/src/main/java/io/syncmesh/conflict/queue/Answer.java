package io.syncmesh.conflict.queue;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.SyncJson;

/**
 * The answer given to one conflict event, keyed by tenant, change id and attempt: the row is the truth, and a conflict
 * event delivered again is answered from it, so a replay never merges twice or queues a second item.
 */
@Entity
@Table(name = "answer")
public class Answer extends PanacheEntityBase {

    @Id
    public String id;
    public String tenant;
    @Column(name = "change_id")
    public String changeId;
    public int attempt;
    public String verdict;
    public String envelope;
    @Column(name = "created_at")
    public Instant createdAt;

    /** The key of the answer to the conflict event of this envelope. */
    public static String idOf(ChangeEnvelope event) {
        return event.tenant() + "/" + event.change().changeId() + "/" + event.attempt();
    }

    public static Answer of(ChangeEnvelope event, ChangeEnvelope answer, Instant now) {
        Answer row = new Answer();
        row.id = idOf(event);
        row.tenant = event.tenant();
        row.changeId = event.change().changeId();
        row.attempt = event.attempt();
        row.verdict = answer.verdict().wire();
        row.envelope = SyncJson.write(answer);
        row.createdAt = now;
        return row;
    }

    public ChangeEnvelope envelope() {
        return SyncJson.read(envelope, ChangeEnvelope.class);
    }
}
