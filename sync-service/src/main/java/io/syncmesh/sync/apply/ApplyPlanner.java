package io.syncmesh.sync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.WriteTime;

/**
 * Decides what happens to each change of a batch (DESIGN.md section 5): idempotency, the entity's queue (the fence and
 * dependencies), the optimistic concurrency check with the own-chain rule, and the device-sequence guard. Pure: it
 * reads the loaded context, keeps the entities' state as it evolves through the batch, and records every write and
 * event in a {@link BatchPlan}. No clock, no I/O.
 *
 * <p>
 * The fence ({@code docs/adr/0006}): an entity has at most one change in the conflict path. Every later change waits in
 * the entity's queue, in order, and so does a change whose dependencies are not applied yet (and everything behind it).
 * When the change in the conflict path comes back and is settled, the queue is decided in order against the entity as
 * it is then, until it is empty, a change goes to the conflict path, or a change still waits for its dependencies.
 */
public final class ApplyPlanner {

    private final Duration dependencyWait;
    private final Duration clockSkew;

    /**
     * @param dependencyWait
     *            how long a change may wait for its dependencies before it is rejected
     * @param clockSkew
     *            how far before its receipt a device clock is believed (the collection registry's {@code clockSkew})
     */
    public ApplyPlanner(Duration dependencyWait, Duration clockSkew) {
        this.dependencyWait = dependencyWait;
        this.clockSkew = clockSkew;
    }

    /** Plans a batch of fresh changes from sync.changes, in order. */
    public BatchPlan plan(List<ChangeInput> inputs, PlanningContext context, Instant now) {
        BatchPlan plan = new BatchPlan();
        for (ChangeInput input : inputs) {
            new Decision(input, context, plan, now).decideFresh();
        }
        return plan;
    }

    /** Decides the waiting changes of entities that have no change in the conflict path (the queue retrier). */
    public BatchPlan drain(Collection<EntityKey> keys, PlanningContext context, Instant now) {
        BatchPlan plan = new BatchPlan();
        for (EntityKey key : keys) {
            drainQueue(key, context, plan, now);
        }
        return plan;
    }

    private void drainQueue(EntityKey key, PlanningContext context, BatchPlan plan, Instant now) {
        Deque<QueuedChange> queue = context.queue(key);
        while (!queue.isEmpty() && inFlight(context, key) == 0) {
            QueuedChange next = queue.peekFirst();
            Decision decision = new Decision(next.input(), context, plan, now);
            boolean ready = decision.dependenciesApplied();
            if (!ready && now.isBefore(next.deadline())) {
                return;
            }
            queue.pollFirst();
            if (plan.queueAdds.remove(next.id()) == null) {
                plan.queueRemovals.add(next.id());
            }
            if (ready) {
                decision.decideConcurrency(ReceiptStatus.APPLIED, false);
            } else {
                decision.reject(ReceiptCodes.DEPENDENCY_MISSING, null);
            }
        }
    }

    private static int inFlight(PlanningContext context, EntityKey key) {
        EntityState state = context.entities().get(key);
        return state == null ? 0 : state.detours();
    }

    /** The decision for one change; a small object so that each step reads as a method. */
    private final class Decision {

        private final ChangeEnvelope envelope;
        private final String traceparent;
        private final Change change;
        private final EntityKey key;
        private final OutcomeKey id;
        private final PlanningContext context;
        private final BatchPlan plan;
        private final Instant now;

        Decision(ChangeInput input, PlanningContext context, BatchPlan plan, Instant now) {
            this.envelope = input.envelope();
            this.traceparent = input.traceparent();
            this.change = envelope.change();
            this.key = envelope.key();
            this.id = new OutcomeKey(envelope.tenant(), change.changeId());
            this.context = context;
            this.plan = plan;
            this.now = now;
        }

        void decideFresh() {
            StoredOutcome prior = context.outcomes().get(id);
            if (envelope.isReturnFromConflictPath() && prior != null) {
                decideReturn(prior);
            } else if (prior != null) {
                replay(prior);
            } else if (!context.queue(key).isEmpty() || inFlight(context, key) > 0 || !dependenciesApplied()) {
                enqueue();
            } else {
                decideConcurrency(ReceiptStatus.APPLIED, false);
            }
        }

        /** A change back from the conflict-service: the awaited one is settled and lets its queue move on. */
        private void decideReturn(StoredOutcome prior) {
            if (prior.isFinal() || prior.attempt() >= envelope.attempt()) {
                replay(prior);
                return;
            }
            EntityState state = context.entities().get(key);
            if (state != null) {
                put(state.withDetours(Math.max(0, state.detours() - 1)));
            }
            switch (envelope.verdictOrApply()) {
                case MANUAL -> finish(new StoredOutcome(id, envelope.device(), key, ReceiptStatus.CONFLICT,
                        envelope.attempt(), null, envelope.conflictId(), null, null), null);
                case REJECT -> reject(envelope.code() == null ? ReceiptCodes.UNPROCESSABLE : envelope.code(), null);
                case MERGED -> decideConcurrency(ReceiptStatus.MERGED, true);
                case APPLY -> decideConcurrency(ReceiptStatus.APPLIED, false);
            }
            drainQueue(key, context, plan, now);
        }

        boolean dependenciesApplied() {
            for (String dependency : change.dependsOn()) {
                StoredOutcome outcome = context.outcomes().get(new OutcomeKey(envelope.tenant(), dependency));
                if (outcome == null || !(outcome.status() == ReceiptStatus.APPLIED
                        || outcome.status() == ReceiptStatus.MERGED)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * @param serverDecided
         *            the change is a merge result: it may bring a deleted entity back or settle on it without a write
         */
        void decideConcurrency(ReceiptStatus successStatus, boolean serverDecided) {
            EntityState state = context.entities().get(key);
            if (change.op() == Op.CREATE) {
                if (state == null) {
                    apply(null, successStatus);
                } else {
                    conflictOrReject(state, ConflictEvent.REASON_ALREADY_EXISTS);
                }
                return;
            }
            if (state == null) {
                reject(ReceiptCodes.NOT_FOUND, null);
                return;
            }
            long base = change.baseVersion();
            if (base > state.version()) {
                reject(ReceiptCodes.INVALID_BASE_VERSION, null);
            } else if (base == state.version() || state.isOwnChain(envelope.device(), base)) {
                if (state.deleted() && !serverDecided && envelope.origin() != Origin.RESOLUTION) {
                    reject(ReceiptCodes.ENTITY_DELETED, null);
                } else {
                    apply(state, successStatus);
                }
            } else {
                conflictOrReject(state, ConflictEvent.REASON_CONCURRENT_EDIT);
            }
        }

        private void conflictOrReject(EntityState state, String reason) {
            if (envelope.conflictMode() == ConflictMode.REJECT) {
                reject(ReceiptCodes.PRECONDITION_FAILED, state);
                return;
            }
            put(state.withDetours(state.detours() + 1));
            Long base = change.op() == Op.CREATE ? null : change.baseVersion();
            plan.detours.add(new BatchPlan.Detour(envelope, base, state.snapshot(), reason));
            traced();
            recordPending();
        }

        private void enqueue() {
            QueuedChange queued = new QueuedChange(envelope, traceparent, now, now.plus(dependencyWait), null);
            context.queue(key).addLast(queued);
            plan.queueAdds.put(id, queued);
            recordPending();
        }

        private void recordPending() {
            StoredOutcome prior = context.outcomes().get(id);
            record(new StoredOutcome(id, envelope.device(), key, ReceiptStatus.PENDING, envelope.attempt(), null,
                    null, null, null));
            // A device hears "pending" once; a change that goes from its queue to the conflict path stays pending.
            if (prior == null || prior.isFinal()) {
                emit(Receipt.pending(change.changeId(), key.collection(), key.entityId()), null);
            }
        }

        private void apply(EntityState state, ReceiptStatus successStatus) {
            Instant writtenAt = WriteTime.effective(change.clientTime(), envelope.receivedAt(), clockSkew);
            long deviceSeq = change.deviceSeq() == null ? -1 : change.deviceSeq();
            EntityState next;
            if (state == null) {
                Map<String, FieldMeta> meta = new LinkedHashMap<>();
                change.fieldsOrEmpty().keySet()
                        .forEach(field -> meta.put(field, new FieldMeta(1, envelope.device(), deviceSeq, writtenAt)));
                next = EntityState.created(key, change.fieldsOrEmpty(), meta, now, envelope.device());
            } else if (change.op() == Op.DELETE) {
                next = state.written(Map.of(), state.fieldMeta(), true, now, envelope.device());
            } else {
                Map<String, JsonNode> fields = state.fieldsCopy();
                Map<String, FieldMeta> meta = state.metaCopy();
                long version = state.version() + 1;
                boolean anyField = false;
                for (Map.Entry<String, JsonNode> field : change.fieldsOrEmpty().entrySet()) {
                    if (isOlderWriteOfSameDevice(meta.get(field.getKey()), deviceSeq)) {
                        continue;
                    }
                    anyField = true;
                    fields.put(field.getKey(), field.getValue());
                    meta.put(field.getKey(), new FieldMeta(version, envelope.device(), deviceSeq, writtenAt));
                }
                if (!anyField) {
                    // Every field already holds a later write of this device: nothing to write, the change is done.
                    finishApplied(state, successStatus);
                    return;
                }
                next = state.written(fields, meta, false, now, envelope.device());
            }
            put(next);
            plan.historyRows.add(next);
            plan.logRows.add(new BatchPlan.LogRow(key, next.version(), change.changeId(), envelope.device()));
            finishApplied(next, successStatus);
        }

        /** The device-sequence guard: a field never goes back to an older write of the device that last wrote it. */
        private boolean isOlderWriteOfSameDevice(FieldMeta last, long deviceSeq) {
            return last != null && deviceSeq >= 0 && last.deviceSeq() > deviceSeq
                    && envelope.device().equals(last.device());
        }

        private void finishApplied(EntityState state, ReceiptStatus status) {
            // A resolution's receipt names the conflict item it decides, so the device can match the two; so does its
            // merged return (the conflict-service keeps the id). Changes from devices carry no conflict id.
            String conflictId = envelope.origin() == Origin.CLIENT ? null : envelope.conflictId();
            finish(new StoredOutcome(id, envelope.device(), key, status, envelope.attempt(), state.version(),
                    conflictId, null, null), null);
        }

        void reject(String code, EntityState current) {
            finish(new StoredOutcome(id, envelope.device(), key, ReceiptStatus.REJECTED, envelope.attempt(), null,
                    null, code, null), current);
        }

        private void finish(StoredOutcome outcome, EntityState current) {
            record(outcome);
            emit(outcome.receipt(), current);
        }

        private void replay(StoredOutcome prior) {
            if (prior.isFinal()) {
                emit(prior.receipt().asDuplicate(), null);
            } else {
                emit(prior.receipt(), null);
                if (prior.detourEvent() != null) {
                    plan.detourReplays.add(prior.detourEvent());
                }
            }
        }

        private void record(StoredOutcome outcome) {
            context.outcomes().put(id, outcome);
            plan.outcomeWrites.put(id, outcome);
        }

        private void put(EntityState state) {
            context.entities().put(key, state);
            plan.entityWrites.put(key, state);
        }

        private void emit(Receipt receipt, EntityState current) {
            plan.results.add(ResultEvent.of(envelope.tenant(), envelope.device(), receipt,
                    current == null ? null : current.toEntity()));
            traced();
        }

        /** The events of this change carry the trace context it came with (also when it comes out of its queue). */
        private void traced() {
            if (traceparent != null) {
                plan.traces.put(id, traceparent);
            }
        }
    }
}
