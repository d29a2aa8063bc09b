package io.syncmesh.sync.apply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.sync.apply.ApplyStore.VersionKey;
import io.syncmesh.sync.config.SyncConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Applies a batch of changes in one transaction (lock, load, plan, write) and, after commit, sends its receipts and
 * conflict events. A crash between commit and send is safe: the batch is delivered again, finds the stored outcomes and
 * sends them again.
 */
@ApplicationScoped
public class ChangeBatchApplier {

    private final Pool pool;
    private final ApplyStore store;
    private final EventPublisher publisher;
    private final ApplyPlanner planner;
    private final ApplyMetrics metrics;
    private final Duration attemptTimeout;

    @Inject
    public ChangeBatchApplier(Pool pool, ApplyStore store, EventPublisher publisher, SyncConfig config,
            ApplyMetrics metrics, CollectionRegistry registry) {
        this.pool = pool;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.attemptTimeout = config.retry().attemptTimeout();
        this.planner = new ApplyPlanner(config.deferral().maxWait(), registry.clockSkew());
    }

    /** Applies the batch and sends its events; completes when both the commit and Kafka's acks are done. */
    public Uni<BatchPlan> applyAndPublish(List<ChangeInput> inputs) {
        return apply(inputs).call(this::publish);
    }

    /**
     * Applies the batch in one transaction and completes when it committed; its events are not sent yet: pass the plan
     * to {@link #publish}.
     */
    public Uni<BatchPlan> apply(List<ChangeInput> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().item(new BatchPlan());
        }
        long started = System.nanoTime();
        return bounded(pool.withTransaction(conn -> applyWithin(conn, inputs)))
                .invoke(plan -> metrics.recordBatch(inputs.size(), started, plan));
    }

    /**
     * Bounds one transaction attempt. After a PostgreSQL restart, Vert.x' pool once left a connection request neither
     * granted nor failed (its timer threw "Result is already complete"), and the partition's consumer waited on that
     * attempt for good (ADR 0014). Past the bound the attempt fails with a
     * {@link java.util.concurrent.TimeoutException}, which is transient, so it is retried like a lost connection.
     * Should the abandoned attempt still commit, the retry finds its stored outcomes and sends them: applying a batch
     * twice has the effect of applying it once.
     */
    private <T> Uni<T> bounded(Uni<T> attempt) {
        return attempt.ifNoItem().after(attemptTimeout)
                .failWith(() -> new ApplyAttemptTimedOut(attemptTimeout));
    }

    /** Sends what a committed plan emits, each event with the trace context of the change that caused it. */
    public Uni<Void> publish(BatchPlan plan) {
        List<String> conflicts = new ArrayList<>(plan.detourReplays());
        for (StoredOutcome outcome : plan.outcomeWrites().values()) {
            if (outcome.status() == ReceiptStatus.PENDING && outcome.detourEvent() != null) {
                conflicts.add(outcome.detourEvent());
            }
        }
        return publisher.publish(plan.results(), conflicts, plan.traces());
    }

    /** The transactional part of applying a batch of fresh changes. */
    private Uni<BatchPlan> applyWithin(SqlConnection conn, List<ChangeInput> inputs) {
        Set<EntityKey> keys = new LinkedHashSet<>();
        inputs.forEach(input -> keys.add(input.envelope().key()));
        return decideAndWrite(conn, keys, inputs, context -> planner.plan(inputs, context, Instant.now()));
    }

    /**
     * One transaction's work, whatever starts it: lock the entities, load what the planner needs, decide, attach the
     * conflict events, write.
     */
    private Uni<BatchPlan> decideAndWrite(SqlConnection conn, Collection<EntityKey> keys, List<ChangeInput> inputs,
            Function<PlanningContext, BatchPlan> decide) {
        return store.lockAndLoad(conn, inputs, keys)
                .map(decide)
                .call(plan -> attachDetourEvents(conn, plan))
                .call(plan -> store.write(conn, plan));
    }

    /**
     * Decides the waiting changes of the given entities (those with no change in the conflict path), in one
     * transaction, and sends what that emits. Used by the queue retrier for changes waiting on dependencies.
     */
    public Uni<BatchPlan> drainQueues(Collection<EntityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new BatchPlan());
        }
        return bounded(pool.withTransaction(conn -> decideAndWrite(conn, keys, List.of(),
                context -> planner.drain(keys, context, Instant.now()))))
                .call(this::publish);
    }

    /**
     * Builds the conflict event of every change that detoured, with its base snapshot taken from history (this batch's
     * own new versions first), and stores it in the change's pending outcome.
     */
    private Uni<Void> attachDetourEvents(SqlConnection conn, BatchPlan plan) {
        if (plan.detours().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<VersionKey, EntitySnapshot> written = new HashMap<>();
        for (EntityState state : plan.historyRows()) {
            written.put(new VersionKey(state.key(), state.version()), state.snapshot());
        }
        Set<VersionKey> wanted = new LinkedHashSet<>();
        for (BatchPlan.Detour detour : plan.detours()) {
            VersionKey base = baseOf(detour);
            if (base != null && base.version() != detour.remote().version() && !written.containsKey(base)) {
                wanted.add(base);
            }
        }
        return store.loadHistory(conn, wanted).invoke(loaded -> {
            for (BatchPlan.Detour detour : plan.detours()) {
                VersionKey base = baseOf(detour);
                EntitySnapshot baseSnapshot = base == null
                        ? null
                        : base.version() == detour.remote().version()
                                ? detour.remote()
                                : written.getOrDefault(base, loaded.get(base));
                String json = JsonColumns.write(
                        ConflictEvent.of(detour.envelope(), baseSnapshot, detour.remote(), detour.reason()));
                OutcomeKey id = new OutcomeKey(detour.envelope().tenant(), detour.envelope().change().changeId());
                StoredOutcome outcome = plan.outcomeWrites.get(id);
                if (outcome != null && outcome.status() == ReceiptStatus.PENDING
                        && outcome.attempt() == detour.envelope().attempt()) {
                    plan.outcomeWrites.put(id, new StoredOutcome(outcome.id(), outcome.device(), outcome.entity(),
                            outcome.status(), outcome.attempt(), outcome.version(), outcome.conflictId(),
                            outcome.code(), json));
                }
            }
        }).replaceWithVoid();
    }

    private static VersionKey baseOf(BatchPlan.Detour detour) {
        return detour.baseVersion() == null
                ? null
                : new VersionKey(detour.envelope().key(), detour.baseVersion());
    }
}
