package io.syncmesh.sync.apply;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.syncmesh.protocol.EntityKey;

/**
 * What the store loaded for a batch: the stored outcome of every change id the batch names (its own, its queued
 * changes' and their dependencies), the current state of every entity it touches, and each entity's queue of waiting
 * changes in order. The planner updates these copies as the batch proceeds.
 */
public record PlanningContext(Map<OutcomeKey, StoredOutcome> outcomes, Map<EntityKey, EntityState> entities,
        Map<EntityKey, Deque<QueuedChange>> queues) {

    public PlanningContext {
        outcomes = new HashMap<>(outcomes);
        entities = new HashMap<>(entities);
        Map<EntityKey, Deque<QueuedChange>> copy = new HashMap<>();
        queues.forEach((key, queue) -> copy.put(key, new ArrayDeque<>(queue)));
        queues = copy;
    }

    /** A context from loaded rows; {@code queued} must be in queue order. */
    public static PlanningContext of(Map<OutcomeKey, StoredOutcome> outcomes, Map<EntityKey, EntityState> entities,
            List<QueuedChange> queued) {
        Map<EntityKey, Deque<QueuedChange>> queues = new HashMap<>();
        for (QueuedChange change : queued) {
            queues.computeIfAbsent(change.envelope().key(), key -> new ArrayDeque<>()).addLast(change);
        }
        return new PlanningContext(outcomes, entities, queues);
    }

    Deque<QueuedChange> queue(EntityKey key) {
        return queues.computeIfAbsent(key, k -> new ArrayDeque<>());
    }
}
