package io.syncmesh.sync.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.ResultEvent;

/**
 * Everything one batch writes and emits, decided before any SQL runs: the rows are written in one transaction with one
 * statement per table, the events are sent after commit.
 */
public final class BatchPlan {

    /** A row of the change log, which pull reads. */
    public record LogRow(EntityKey key, long version, String changeId, String device) {
    }

    /**
     * A change that goes to the conflict path. The base snapshot is resolved from history before writing; the remote
     * one is the entity as this change found it.
     */
    public record Detour(ChangeEnvelope envelope, Long baseVersion, EntitySnapshot remote, String reason) {
    }

    final Map<EntityKey, EntityState> entityWrites = new LinkedHashMap<>();
    final List<EntityState> historyRows = new ArrayList<>();
    final List<LogRow> logRows = new ArrayList<>();
    final Map<OutcomeKey, StoredOutcome> outcomeWrites = new LinkedHashMap<>();
    final Map<OutcomeKey, QueuedChange> queueAdds = new LinkedHashMap<>();
    final List<OutcomeKey> queueRemovals = new ArrayList<>();
    final List<ResultEvent> results = new ArrayList<>();
    final List<Detour> detours = new ArrayList<>();
    final List<String> detourReplays = new ArrayList<>();
    final Map<OutcomeKey, String> traces = new HashMap<>();

    /** Final state of every entity the batch changed (version, fields or fence count). */
    public Map<EntityKey, EntityState> entityWrites() {
        return entityWrites;
    }

    /** One row per new version, in order: the merge bases. */
    public List<EntityState> historyRows() {
        return historyRows;
    }

    public List<LogRow> logRows() {
        return logRows;
    }

    /** The latest outcome of every change id the batch decided, final or pending. */
    public Map<OutcomeKey, StoredOutcome> outcomeWrites() {
        return outcomeWrites;
    }

    /** Changes that start waiting in their entity's queue, in queue order. */
    public Map<OutcomeKey, QueuedChange> queueAdds() {
        return queueAdds;
    }

    /** Stored queued changes that left their queue (decided now). */
    public List<OutcomeKey> queueRemovals() {
        return queueRemovals;
    }

    /** Receipts to send to sync.results after commit, in decision order. */
    public List<ResultEvent> results() {
        return results;
    }

    /** Changes to send to sync.conflicts after commit, in decision order. */
    public List<Detour> detours() {
        return detours;
    }

    /** Conflict events recorded earlier whose change was delivered again: they are sent again (consumers dedupe). */
    public List<String> detourReplays() {
        return detourReplays;
    }

    /**
     * The trace context ({@code traceparent}) of each change whose events the batch sends, by change: the one its
     * record came with, kept while it waited in its queue. Changes that came without one are absent.
     */
    public Map<OutcomeKey, String> traces() {
        return traces;
    }

    /** Whether the batch writes nothing (only replays). */
    public boolean writesNothing() {
        return entityWrites.isEmpty() && outcomeWrites.isEmpty() && queueAdds.isEmpty() && queueRemovals.isEmpty();
    }
}
