package io.syncmesh.client.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A store in memory: nothing survives the process. For tests and for apps that keep no offline state. A transaction
 * works on copies and replaces the state only when it completes, so a failed one leaves nothing behind.
 */
public final class MemoryStore implements LocalStore {

    private State state = new State(new TreeMap<>(), new LinkedHashMap<>(), SyncState.INITIAL, 0);

    private record State(TreeMap<String, LocalEntity> entities, LinkedHashMap<String, OutboxChange> changes,
            SyncState syncState, long lastSeq) {

        State copy() {
            return new State(new TreeMap<>(entities), new LinkedHashMap<>(changes), syncState, lastSeq);
        }
    }

    @Override
    public synchronized <T> T inTransaction(Function<StoreTransaction, T> work) {
        Tx tx = new Tx(state.copy());
        T result = work.apply(tx);
        state = tx.state;
        return result;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static String key(String collection, String id) {
        return collection + "/" + id;
    }

    private static final class Tx implements StoreTransaction {

        private State state;

        Tx(State state) {
            this.state = state;
        }

        @Override
        public Optional<LocalEntity> entity(String collection, String id) {
            return Optional.ofNullable(state.entities.get(key(collection, id)));
        }

        @Override
        public void putEntity(LocalEntity entity) {
            state.entities.put(key(entity.collection(), entity.id()), entity);
        }

        @Override
        public List<LocalEntity> entities(String collection) {
            return state.entities.values().stream().filter(e -> e.collection().equals(collection))
                    .sorted(Comparator.comparing(LocalEntity::id)).toList();
        }

        @Override
        public List<LocalEntity> conflicted() {
            return state.entities.values().stream().filter(e -> e.conflictId() != null)
                    .sorted(Comparator.comparing(LocalEntity::collection).thenComparing(LocalEntity::id)).toList();
        }

        @Override
        public long nextSeq() {
            long next = state.lastSeq + 1;
            state = new State(state.entities, state.changes, state.syncState, next);
            return next;
        }

        @Override
        public void appendChange(OutboxChange change) {
            if (state.changes.containsKey(change.changeId())) {
                throw new IllegalStateException("change " + change.changeId() + " is already in the log");
            }
            state.changes.put(change.changeId(), change);
        }

        @Override
        public void updateChange(OutboxChange change) {
            if (!state.changes.containsKey(change.changeId())) {
                throw new IllegalStateException("change " + change.changeId() + " is not in the log");
            }
            state.changes.put(change.changeId(), change);
        }

        @Override
        public Optional<OutboxChange> change(String changeId) {
            return Optional.ofNullable(state.changes.get(changeId));
        }

        @Override
        public List<OutboxChange> unfinished() {
            List<OutboxChange> open = new ArrayList<>();
            for (OutboxChange change : state.changes.values()) {
                if (!change.isFinal()) {
                    open.add(change);
                }
            }
            open.sort(Comparator.comparingLong(OutboxChange::seq));
            return open;
        }

        @Override
        public List<OutboxChange> unfinished(String collection, String id) {
            return unfinished().stream().filter(c -> c.change().collection().equals(collection)
                    && c.change().entityId().equals(id)).toList();
        }

        @Override
        public SyncState syncState() {
            return state.syncState;
        }

        @Override
        public void putSyncState(SyncState syncState) {
            state = new State(state.entities, state.changes, syncState, state.lastSeq);
        }
    }

    /** For tests: how many changes the log holds, final or not. */
    public synchronized int logSize() {
        return state.changes.size();
    }

    /** For tests: the whole log, in order. */
    public synchronized Map<String, OutboxChange> log() {
        return Map.copyOf(state.changes);
    }
}
