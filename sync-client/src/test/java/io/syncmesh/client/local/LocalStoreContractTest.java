package io.syncmesh.client.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.SyncJson;

/** What every {@link LocalStore} does, whatever holds its state. Subclasses say how a store is opened. */
abstract class LocalStoreContractTest {

    /** The store under test; a subclass may replace it (reopen), the last one is closed after each test. */
    protected LocalStore store;

    protected abstract LocalStore openStore();

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    @Test
    void anEntityReadsBackWithEveryKindOfJsonValue() {
        LocalEntity entity = new LocalEntity("tasks", "t1", 7,
                Map.of("title", json("\"old\""), "done", json("false")), false,
                Map.of("title", json("\"new ü ✓\""), "done", json("true"), "count", json("42"),
                        "big", json("9007199254740993"), "ratio", json("2.5"), "tags", json("[\"a\",1,null]"),
                        "owner", json("{\"name\":\"ada\",\"nested\":{\"x\":[]}}"), "note", json("null")),
                false, Set.of("title", "done"), true, "conflict-1");

        store.inTransaction(tx -> {
            tx.putEntity(entity);
            return null;
        });

        assertThat(storedEntity("tasks", "t1")).contains(entity);
    }

    @Test
    void anEntityTheServerNeverSawReadsBackWithNoConflict() {
        LocalEntity created = LocalEntity.unknownToServer("tasks", "t1")
                .withView(Map.of("title", json("\"a\"")), false, Set.of("title"), true);
        LocalEntity tombstone = LocalEntity.unknownToServer("tasks", "t2").withServerState(3, Map.of(), true)
                .withView(Map.of(), true, Set.of(), false);

        store.inTransaction(tx -> {
            tx.putEntity(created);
            tx.putEntity(tombstone);
            return null;
        });

        assertThat(storedEntity("tasks", "t1")).contains(created);
        assertThat(storedEntity("tasks", "t2")).contains(tombstone);
    }

    @Test
    void puttingAnEntityAgainReplacesIt() {
        LocalEntity first = entity("tasks", "t1", null);
        LocalEntity second = first.withServerState(2, Map.of("title", json("\"b\"")), false).withConflict("c9");

        store.inTransaction(tx -> {
            tx.putEntity(first);
            tx.putEntity(second);
            return null;
        });

        assertThat(storedEntity("tasks", "t1")).contains(second);
        assertThat(storedEntities("tasks")).containsExactly(second);
    }

    @Test
    void anEntityNeverPutIsAbsent() {
        assertThat(storedEntity("tasks", "nope")).isEmpty();
        assertThat(storedEntities("tasks")).isEmpty();
    }

    @Test
    void aCollectionListsOnlyItsOwnEntitiesById() {
        store.inTransaction(tx -> {
            tx.putEntity(entity("tasks", "c", null));
            tx.putEntity(entity("notes", "a", null));
            tx.putEntity(entity("tasks", "a", null));
            tx.putEntity(entity("tasks", "b", null));
            tx.putEntity(entity("tasks/x", "a", null));
            return null;
        });

        assertThat(storedEntities("tasks")).extracting(LocalEntity::id)
                .containsExactly("a", "b", "c");
        assertThat(storedEntities("notes")).extracting(LocalEntity::id).containsExactly("a");
    }

    @Test
    void conflictedListsOnlyEntitiesWithAConflictByCollectionThenId() {
        store.inTransaction(tx -> {
            tx.putEntity(entity("tasks", "b", "k1"));
            tx.putEntity(entity("tasks", "a", null));
            tx.putEntity(entity("notes", "z", "k2"));
            tx.putEntity(entity("tasks", "a2", "k3"));
            return null;
        });

        assertThat(storedConflicted())
                .extracting(e -> e.collection() + "/" + e.id() + "=" + e.conflictId())
                .containsExactly("notes/z=k2", "tasks/a2=k3", "tasks/b=k1");
    }

    @Test
    void sequenceNumbersStartAtOneAndStrictlyIncreaseAcrossTransactions() {
        List<Long> inOne = store.inTransaction(tx -> List.of(tx.nextSeq(), tx.nextSeq(), tx.nextSeq()));
        long inAnother = store.inTransaction(StoreTransaction::nextSeq);

        assertThat(inOne).containsExactly(1L, 2L, 3L);
        assertThat(inAnother).isEqualTo(4);
    }

    @Test
    void transactionsFromManyThreadsNeverDrawTheSameSequenceNumber() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> drawn = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                drawn.add(threads.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        mine.add(store.inTransaction(tx -> {
                            long seq = tx.nextSeq();
                            tx.appendChange(queued(seq, "ch-" + seq, "t1"));
                            return seq;
                        }));
                    }
                    return mine;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> each : drawn) {
                all.addAll(each.get(30, TimeUnit.SECONDS));
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(100).allSatisfy(seq -> assertThat(seq).isBetween(1L, 100L));
            assertThat(storedUnfinished()).hasSize(100);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAppendedChangeReadsBackByItsId() {
        Change change = new Change("ch-1", "tasks", "t1", Op.UPDATE, 3L,
                Map.of("title", json("\"x\""), "tags", json("[1,2]"), "note", json("null")),
                Instant.parse("2024-05-01T10:15:30.123456789Z"), 1L, List.of("ch-0"));

        store.inTransaction(tx -> {
            tx.appendChange(OutboxChange.queued(tx.nextSeq(), change));
            return null;
        });

        assertThat(storedChange("ch-1")).contains(OutboxChange.queued(1, change));
        assertThat(storedChange("ch-2")).isEmpty();
    }

    @Test
    void aDeleteWithoutFieldsReadsBack() {
        Change delete = new Change("ch-1", "tasks", "t1", Op.DELETE, 4L, null, Instant.parse("2024-05-01T10:15:30Z"),
                9L, null);

        store.inTransaction(tx -> {
            tx.appendChange(OutboxChange.queued(9, delete));
            return null;
        });

        assertThat(storedChange("ch-1")).contains(OutboxChange.queued(9, delete));
    }

    @Test
    void aChangeIdIsAppendedOnlyOnce() {
        store.inTransaction(tx -> {
            tx.appendChange(queued(1, "ch-1", "t1"));
            return null;
        });

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.appendChange(queued(2, "ch-1", "t2"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("ch-1");
        assertThat(storedChange("ch-1")).contains(queued(1, "ch-1", "t1"));
    }

    @Test
    void updatingAChangeReplacesItsStateAttemptsOutcomeAndCode() {
        OutboxChange queued = queued(1, "ch-1", "t1");
        store.inTransaction(tx -> {
            tx.appendChange(queued);
            return null;
        });

        OutboxChange accepted = queued.pushedOnce().pushedOnce().accepted();
        store.inTransaction(tx -> {
            tx.updateChange(accepted);
            return null;
        });
        assertThat(storedChange("ch-1")).contains(accepted);

        OutboxChange rejected = accepted.finished(ReceiptStatus.REJECTED, "schema.unknown_field");
        store.inTransaction(tx -> {
            tx.updateChange(rejected);
            return null;
        });
        assertThat(storedChange("ch-1")).hasValueSatisfying(c -> {
            assertThat(c.state()).isEqualTo(OutboxChange.State.FINAL);
            assertThat(c.attempts()).isEqualTo(2);
            assertThat(c.outcome()).isEqualTo(ReceiptStatus.REJECTED);
            assertThat(c.code()).isEqualTo("schema.unknown_field");
            assertThat(c).isEqualTo(rejected);
        });
    }

    @Test
    void updatingAChangeNotInTheLogIsRefused() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.updateChange(queued(1, "ch-1", "t1").accepted());
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("ch-1");
        assertThat(storedChange("ch-1")).isEmpty();
    }

    @Test
    void unfinishedListsTheChangesNotFinalInSeqOrder() {
        store.inTransaction(tx -> {
            tx.appendChange(queued(3, "ch-3", "t1"));
            tx.appendChange(queued(1, "ch-1", "t2"));
            tx.appendChange(queued(4, "ch-4", "t1"));
            tx.appendChange(queued(2, "ch-2", "t1"));
            return null;
        });
        store.inTransaction(tx -> {
            tx.updateChange(queued(1, "ch-1", "t2").accepted());
            tx.updateChange(queued(4, "ch-4", "t1").finished(ReceiptStatus.APPLIED, null));
            return null;
        });

        assertThat(storedUnfinished()).extracting(OutboxChange::changeId)
                .containsExactly("ch-1", "ch-2", "ch-3");
    }

    @Test
    void anEntitysUnfinishedChangesAreOnlyItsOwnInSeqOrder() {
        store.inTransaction(tx -> {
            tx.appendChange(queued(5, "ch-5", "t1"));
            tx.appendChange(queued(1, "ch-1", "t1"));
            tx.appendChange(queued(2, "ch-2", "t2"));
            tx.appendChange(queued(3, "ch-3", "t1").finished(ReceiptStatus.MERGED, null));
            tx.appendChange(new OutboxChange(4, change("ch-4", "notes", "t1"), OutboxChange.State.QUEUED, 0, null,
                    null));
            return null;
        });

        assertThat(storedUnfinished("tasks", "t1")).extracting(OutboxChange::changeId)
                .containsExactly("ch-1", "ch-5");
        assertThat(storedUnfinished("tasks", "t3")).isEmpty();
    }

    @Test
    void theSyncStateStartsInitial() {
        assertThat(storedSyncState()).isEqualTo(SyncState.INITIAL);
    }

    @Test
    void theSyncStateReadsBackAsWritten() {
        SyncState state = SyncState.INITIAL.withCursor("cursor-17").succeeded(Instant.parse("2024-05-01T10:00:00Z"))
                .failed(Instant.parse("2024-05-01T10:00:30.5Z"))
                .failed(Instant.parse("2024-05-01T10:01:30.000000001Z"));

        store.inTransaction(tx -> {
            tx.putSyncState(state);
            return null;
        });

        assertThat(storedSyncState()).isEqualTo(state);
    }

    @Test
    void aTransactionReturnsWhatItsWorkReturnsAndSeesItsOwnWrites() {
        Optional<LocalEntity> seen = store.inTransaction(tx -> {
            tx.putEntity(entity("tasks", "t1", null));
            return tx.entity("tasks", "t1");
        });

        assertThat(seen).contains(entity("tasks", "t1", null));
    }

    @Test
    void aTransactionThatThrowsLeavesNothingBehindAndItsExceptionPropagates() {
        LocalEntity before = entity("tasks", "t1", null);
        SyncState stateBefore = SyncState.INITIAL.withCursor("c1");
        store.inTransaction(tx -> {
            tx.putEntity(before);
            tx.appendChange(queued(tx.nextSeq(), "ch-1", "t1"));
            tx.putSyncState(stateBefore);
            return null;
        });
        RuntimeException failure = new RuntimeException("the app failed mid-way");

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.putEntity(before.withConflict("k1"));
            tx.putEntity(entity("tasks", "t2", null));
            tx.updateChange(queued(1, "ch-1", "t1").finished(ReceiptStatus.APPLIED, null));
            tx.appendChange(queued(tx.nextSeq(), "ch-2", "t2"));
            tx.putSyncState(stateBefore.withCursor("c2"));
            assertThat(tx.entity("tasks", "t2")).isPresent();
            throw failure;
        })).isSameAs(failure);

        store.inTransaction(tx -> {
            assertThat(tx.entity("tasks", "t1")).contains(before);
            assertThat(tx.entities("tasks")).containsExactly(before);
            assertThat(tx.conflicted()).isEmpty();
            assertThat(tx.change("ch-1")).contains(queued(1, "ch-1", "t1"));
            assertThat(tx.change("ch-2")).isEmpty();
            assertThat(tx.unfinished()).extracting(OutboxChange::changeId).containsExactly("ch-1");
            assertThat(tx.syncState()).isEqualTo(stateBefore);
            assertThat(tx.nextSeq()).isEqualTo(2);
            return null;
        });
    }

    @Test
    void aRefusedAppendCaughtByTheWorkDoesNotSpoilTheTransaction() {
        store.inTransaction(tx -> {
            tx.appendChange(queued(1, "ch-1", "t1"));
            return null;
        });

        store.inTransaction(tx -> {
            assertThatThrownBy(() -> tx.appendChange(queued(2, "ch-1", "t1")))
                    .isInstanceOf(IllegalStateException.class);
            tx.appendChange(queued(3, "ch-3", "t1"));
            return null;
        });

        assertThat(storedUnfinished()).extracting(OutboxChange::changeId)
                .containsExactly("ch-1", "ch-3");
    }

    Optional<LocalEntity> storedEntity(String collection, String id) {
        return store.inTransaction(tx -> tx.entity(collection, id));
    }

    List<LocalEntity> storedEntities(String collection) {
        return store.inTransaction(tx -> tx.entities(collection));
    }

    List<LocalEntity> storedConflicted() {
        return store.inTransaction(StoreTransaction::conflicted);
    }

    Optional<OutboxChange> storedChange(String changeId) {
        return store.inTransaction(tx -> tx.change(changeId));
    }

    List<OutboxChange> storedUnfinished() {
        return store.inTransaction(StoreTransaction::unfinished);
    }

    List<OutboxChange> storedUnfinished(String collection, String id) {
        return store.inTransaction(tx -> tx.unfinished(collection, id));
    }

    SyncState storedSyncState() {
        return store.inTransaction(StoreTransaction::syncState);
    }

    static JsonNode json(String text) {
        try {
            return SyncJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static LocalEntity entity(String collection, String id, String conflictId) {
        return new LocalEntity(collection, id, 1, Map.of("title", json("\"" + id + "\"")), false,
                Map.of("title", json("\"" + id + "\"")), false, Set.of(), false, conflictId);
    }

    static Change change(String changeId, String collection, String entityId) {
        return new Change(changeId, collection, entityId, Op.UPDATE, 1L, Map.of("title", json("\"x\"")),
                Instant.parse("2024-05-01T10:00:00Z"), null, List.of());
    }

    static OutboxChange queued(long seq, String changeId, String entityId) {
        return OutboxChange.queued(seq, change(changeId, "tasks", entityId));
    }
}
