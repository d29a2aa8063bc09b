package io.syncmesh.sync.apply;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.syncmesh.protocol.EntityKey;

/**
 * What the store loaded for a batch: the stored outcome of every change id the batch names (its own and its
 * dependencies), the current state of every entity it touches, and the entities that have changes waiting in the
 * deferral queue.
 */
public record PlanningContext(Map<OutcomeKey, StoredOutcome> outcomes, Map<EntityKey, EntityState> entities,
        Set<EntityKey> deferralQueued) {

    public PlanningContext {
        outcomes = new HashMap<>(outcomes);
        entities = new HashMap<>(entities);
        deferralQueued = new HashSet<>(deferralQueued);
    }

    public static PlanningContext empty() {
        return new PlanningContext(Map.of(), Map.of(), Set.of());
    }
}
