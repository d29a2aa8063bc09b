package io.syncmesh.sync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Verdict;
import io.syncmesh.protocol.registry.CollectionRegistry;

/**
 * Test vocabulary for the planner: drafts of changes, returns from the conflict path, and an in-memory store that keeps
 * what each plan writes (as ApplyStore would) so that scenarios can run batch after batch.
 */
final class Planning {

    static final String TENANT = "acme";
    static final String NOTES = "notes";
    static final Instant NOW = Instant.parse("2025-03-14T10:00:00Z");
    static final Instant RECEIVED = Instant.parse("2025-03-14T09:59:00Z");
    static final Duration WAIT = Duration.ofMinutes(15);

    private Planning() {
    }

    static EntityKey key(String entityId) {
        return new EntityKey(TENANT, NOTES, entityId);
    }

    static OutcomeKey id(String changeId) {
        return new OutcomeKey(TENANT, changeId);
    }

    static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    static Draft create(String changeId, String entityId) {
        return new Draft(changeId, entityId, Op.CREATE, null);
    }

    static Draft update(String changeId, String entityId, long baseVersion) {
        return new Draft(changeId, entityId, Op.UPDATE, baseVersion);
    }

    static Draft delete(String changeId, String entityId, long baseVersion) {
        return new Draft(changeId, entityId, Op.DELETE, baseVersion);
    }

    /** The envelope coming back from the conflict path with the given verdict, its base unchanged. */
    static ChangeEnvelope returning(ChangeEnvelope sent, Verdict verdict) {
        return sent.returning(sent.change(), verdict, null, null);
    }

    /** The envelope coming back merged onto {@code newBase}, optionally with other fields. */
    static ChangeEnvelope mergedOnto(ChangeEnvelope sent, long newBase, Map<String, JsonNode> mergedFields) {
        Change merged = sent.change().withBaseVersion(newBase);
        if (mergedFields != null) {
            merged = merged.withFields(mergedFields);
        }
        return sent.returning(merged, Verdict.MERGED, null, null);
    }

    static ChangeInput fresh(ChangeEnvelope envelope) {
        return ChangeInput.fresh(envelope);
    }

    /** The only receipt the plan emits for {@code changeId}. */
    static Receipt receiptOf(BatchPlan plan, String changeId) {
        List<Receipt> receipts = plan.results().stream().map(ResultEvent::receipt)
                .filter(receipt -> receipt.changeId().equals(changeId)).toList();
        if (receipts.size() != 1) {
            throw new AssertionError("expected one receipt for " + changeId + " but got " + receipts);
        }
        return receipts.get(0);
    }

    static ResultEvent resultOf(BatchPlan plan, String changeId) {
        List<ResultEvent> results = plan.results().stream()
                .filter(result -> result.receipt().changeId().equals(changeId)).toList();
        if (results.size() != 1) {
            throw new AssertionError("expected one result for " + changeId + " but got " + results);
        }
        return results.get(0);
    }

    /** A change being written, with its envelope's device and conflict mode. */
    static final class Draft {

        private final String changeId;
        private final String entityId;
        private final Op op;
        private final Long baseVersion;
        private final Map<String, JsonNode> fields = new LinkedHashMap<>();
        private String device = "A";
        private Long deviceSeq;
        private Instant clientTime;
        private List<String> dependsOn = List.of();
        private ConflictMode mode = ConflictMode.MERGE;

        private Draft(String changeId, String entityId, Op op, Long baseVersion) {
            this.changeId = changeId;
            this.entityId = entityId;
            this.op = op;
            this.baseVersion = baseVersion;
        }

        Draft by(String newDevice) {
            this.device = newDevice;
            return this;
        }

        Draft set(String field, String value) {
            fields.put(field, text(value));
            return this;
        }

        Draft setAll(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        Draft seq(long newDeviceSeq) {
            this.deviceSeq = newDeviceSeq;
            return this;
        }

        Draft at(Instant newClientTime) {
            this.clientTime = newClientTime;
            return this;
        }

        Draft dependsOn(String... changeIds) {
            this.dependsOn = Arrays.asList(changeIds);
            return this;
        }

        /** Client-side conflict resolution ({@code Prefer: conflict=reject}). */
        Draft rejectOnConflict() {
            this.mode = ConflictMode.REJECT;
            return this;
        }

        Change change() {
            return new Change(changeId, NOTES, entityId, op, baseVersion, op == Op.DELETE ? null : fields,
                    clientTime, deviceSeq, dependsOn);
        }

        ChangeEnvelope envelope() {
            return ChangeEnvelope.fromClient(TENANT, device, RECEIVED, change(), mode);
        }

        ChangeInput fresh() {
            return ChangeInput.fresh(envelope());
        }

    }

    /**
     * What ApplyStore would hold between batches: entities, outcomes and the entities' queues in queue order. It keeps
     * what each plan writes as the store would (and fails on a write the database would refuse: a queue row added
     * twice, or the removal of a row that is not stored), and stands in for ChangeBatchApplier by storing a conflict
     * event in the pending outcome of every change that detoured.
     */
    static final class Store {

        final Map<EntityKey, EntityState> entities = new HashMap<>();
        final Map<OutcomeKey, StoredOutcome> outcomes = new HashMap<>();
        final List<QueuedChange> queued = new ArrayList<>();
        final List<BatchPlan> plans = new ArrayList<>();
        private final ApplyPlanner planner = new ApplyPlanner(WAIT, CollectionRegistry.DEFAULT_CLOCK_SKEW);
        private long nextPosition = 1;
        Instant now = NOW;

        BatchPlan run(ChangeInput... inputs) {
            return run(List.of(inputs));
        }

        BatchPlan run(List<ChangeInput> inputs) {
            return keep(planner.plan(inputs, context(), now));
        }

        BatchPlan run(Draft... drafts) {
            return run(Arrays.stream(drafts).map(Draft::fresh).toList());
        }

        BatchPlan run(ChangeEnvelope... envelopes) {
            return run(Arrays.stream(envelopes).map(ChangeInput::fresh).toList());
        }

        /** The queue retrier's pass over the given entities. */
        BatchPlan drain(String... entityIds) {
            return keep(planner.drain(Arrays.stream(entityIds).map(Planning::key).toList(), context(), now));
        }

        private BatchPlan keep(BatchPlan plan) {
            entities.putAll(plan.entityWrites());
            for (OutcomeKey removed : plan.queueRemovals()) {
                if (!queued.removeIf(row -> row.id().equals(removed))) {
                    throw new AssertionError("removes " + removed + " which is not queued");
                }
            }
            for (QueuedChange added : plan.queueAdds().values()) {
                if (queued.stream().anyMatch(row -> row.id().equals(added.id()))) {
                    throw new AssertionError("queues " + added.id() + " which is already queued");
                }
                queued.add(new QueuedChange(added.envelope(), added.traceparent(), added.queuedAt(), added.deadline(),
                        nextPosition++));
            }
            outcomes.putAll(plan.outcomeWrites());
            for (BatchPlan.Detour detour : plan.detours()) {
                OutcomeKey detoured = new OutcomeKey(detour.envelope().tenant(), detour.envelope().change().changeId());
                StoredOutcome outcome = plan.outcomeWrites().get(detoured);
                if (outcome != null && outcome.status() == ReceiptStatus.PENDING
                        && outcome.attempt() == detour.envelope().attempt()) {
                    outcomes.put(detoured, new StoredOutcome(outcome.id(), outcome.device(), outcome.entity(),
                            outcome.status(), outcome.attempt(), outcome.version(), outcome.conflictId(),
                            outcome.code(), detourEvent(detour.envelope())));
                }
            }
            plans.add(plan);
            return plan;
        }

        /** A change stored in its entity's queue (with its pending outcome), as an earlier batch left it. */
        QueuedChange enqueue(Draft draft, Instant queuedAt, Instant deadline) {
            QueuedChange row = new QueuedChange(draft.envelope(), null, queuedAt, deadline, nextPosition++);
            queued.add(row);
            ChangeEnvelope envelope = row.envelope();
            record(new StoredOutcome(row.id(), envelope.device(), envelope.key(), ReceiptStatus.PENDING, 0, null,
                    null, null, null));
            return row;
        }

        PlanningContext context() {
            return PlanningContext.of(outcomes, entities, queued);
        }

        /** The change ids waiting in the entity's queue, in order. */
        List<String> queue(String entityId) {
            return queued.stream().filter(row -> row.envelope().key().equals(key(entityId)))
                    .map(row -> row.envelope().change().changeId()).toList();
        }

        EntityState entity(String entityId) {
            return entities.get(key(entityId));
        }

        StoredOutcome outcome(String changeId) {
            return outcomes.get(id(changeId));
        }

        void record(StoredOutcome outcome) {
            outcomes.put(outcome.id(), outcome);
        }

        /** Every receipt sent so far, in order. */
        List<Receipt> receipts() {
            return plans.stream().flatMap(plan -> plan.results().stream()).map(ResultEvent::receipt).toList();
        }
    }

    /** Stands for the conflict event ChangeBatchApplier stores with a detoured change's pending outcome. */
    static String detourEvent(ChangeEnvelope sent) {
        return "conflict:" + sent.change().changeId() + "#" + sent.attempt();
    }
}
