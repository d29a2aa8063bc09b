package io.syncmesh.client.local;

import static io.syncmesh.client.local.LocalStoreContractTest.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.syncmesh.protocol.ReceiptStatus;

/**
 * Random runs of appends, updates, unused sequence numbers and failed transactions leave the SQLite store with the same
 * log as the reference store in memory. Each run is a seed, so a failing one replays exactly.
 */
class SqliteAgreesWithMemoryStoreTest {

    private static final int STEPS = 40;
    private static final List<String> ENTITIES = List.of("e0", "e1", "e2");

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOpenChangesAndTheLogAreTheSameAfterEveryStep(long seed) {
        Random random = new Random(seed);
        List<String> known = new ArrayList<>();
        try (LocalStore memory = new MemoryStore(); LocalStore sqlite = SqliteStore.open(dir.resolve("store.db"))) {
            for (int step = 0; step < STEPS; step++) {
                int kind = random.nextInt(100);
                if (kind < 40) {
                    Function<StoreTransaction, String> append = append(ENTITIES.get(random.nextInt(ENTITIES.size())));
                    String id = memory.inTransaction(append);
                    assertThat(sqlite.inTransaction(append)).isEqualTo(id);
                    known.add(id);
                } else if (kind < 75 && !known.isEmpty()) {
                    Function<StoreTransaction, Object> update = update(known.get(random.nextInt(known.size())),
                            random);
                    memory.inTransaction(update);
                    sqlite.inTransaction(update);
                } else if (kind < 85) {
                    agree(memory, sqlite, StoreTransaction::nextSeq, "an unused sequence number");
                } else {
                    Function<StoreTransaction, Object> failing = failing(known, random);
                    assertThatThrownBy(() -> memory.inTransaction(failing)).hasMessage("abandoned");
                    assertThatThrownBy(() -> sqlite.inTransaction(failing)).hasMessage("abandoned");
                }
                agree(memory, sqlite, StoreTransaction::unfinished, "the open changes after step " + step);
            }
            for (String entity : ENTITIES) {
                agree(memory, sqlite, tx -> tx.unfinished("tasks", entity), "the open changes of " + entity);
            }
            for (String id : known) {
                agree(memory, sqlite, tx -> tx.change(id), "change " + id);
            }
            agree(memory, sqlite, StoreTransaction::nextSeq, "the next sequence number");
        }
    }

    private static <T> void agree(LocalStore memory, LocalStore sqlite, Function<StoreTransaction, T> query,
            String what) {
        T expected = memory.inTransaction(query);
        T actual = sqlite.inTransaction(query);
        assertThat(actual).as(what).isEqualTo(expected);
    }

    private static Function<StoreTransaction, String> append(String entity) {
        return tx -> {
            long seq = tx.nextSeq();
            String id = "ch-" + seq;
            tx.appendChange(OutboxChange.queued(seq, change(id, "tasks", entity)));
            return id;
        };
    }

    private static Function<StoreTransaction, Object> update(String id, Random random) {
        int how = random.nextInt(4);
        ReceiptStatus outcome = ReceiptStatus.values()[random.nextInt(ReceiptStatus.values().length)];
        String code = random.nextBoolean() ? null : "code-" + random.nextInt(3);
        return tx -> {
            OutboxChange current = tx.change(id).orElseThrow();
            tx.updateChange(switch (how) {
                case 0 -> current.pushedOnce();
                case 1 -> current.accepted();
                case 2 -> current.requeued();
                default -> current.finished(outcome, code);
            });
            return null;
        };
    }

    /** Appends, finishes a known change and draws a number, then throws: none of it may remain. */
    private static Function<StoreTransaction, Object> failing(List<String> known, Random random) {
        String victim = known.isEmpty() ? null : known.get(random.nextInt(known.size()));
        Function<StoreTransaction, String> append = append(ENTITIES.get(0));
        return tx -> {
            append.apply(tx);
            if (victim != null) {
                tx.updateChange(tx.change(victim).orElseThrow().finished(ReceiptStatus.APPLIED, null));
            }
            tx.nextSeq();
            throw new IllegalStateException("abandoned");
        };
    }
}
