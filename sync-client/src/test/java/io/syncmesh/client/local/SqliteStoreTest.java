package io.syncmesh.client.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmesh.protocol.ReceiptStatus;

/** The store contract held by the SQLite store, and what only a durable store does: survive a reopen. */
class SqliteStoreTest extends LocalStoreContractTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.db");
    }

    @Override
    protected LocalStore openStore() {
        return SqliteStore.open(file());
    }

    private void reopen() {
        store.close();
        store = SqliteStore.open(file());
    }

    @Test
    void everythingWrittenIsThereAfterAReopen() {
        LocalEntity entity = entity("tasks", "t1", "k1")
                .withView(Map.of("done", json("true")), false, Set.of("done"), true);
        SyncState state = SyncState.INITIAL.withCursor("cur").failed(Instant.parse("2024-05-01T10:00:00Z"));
        store.inTransaction(tx -> {
            tx.putEntity(entity);
            tx.appendChange(queued(tx.nextSeq(), "ch-1", "t1"));
            tx.appendChange(queued(tx.nextSeq(), "ch-2", "t1"));
            tx.putSyncState(state);
            return null;
        });
        store.inTransaction(tx -> {
            tx.updateChange(queued(1, "ch-1", "t1").pushedOnce().finished(ReceiptStatus.APPLIED, null));
            return null;
        });

        reopen();

        store.inTransaction(tx -> {
            assertThat(tx.entity("tasks", "t1")).contains(entity);
            assertThat(tx.conflicted()).containsExactly(entity);
            assertThat(tx.change("ch-1"))
                    .contains(queued(1, "ch-1", "t1").pushedOnce().finished(ReceiptStatus.APPLIED, null));
            assertThat(tx.unfinished()).containsExactly(queued(2, "ch-2", "t1"));
            assertThat(tx.syncState()).isEqualTo(state);
            assertThat(tx.nextSeq()).isEqualTo(3);
            return null;
        });
    }

    @Test
    void aSequenceNumberDrawnButNeverUsedIsNotDrawnAgainAfterAReopen() {
        store.inTransaction(tx -> {
            tx.appendChange(queued(tx.nextSeq(), "ch-1", "t1"));
            return tx.nextSeq();
        });

        reopen();

        assertThat(store.inTransaction(StoreTransaction::nextSeq)).isEqualTo(3);
    }

    @Test
    void aCommittedTransactionIsInTheFileBeforeTheStoreCloses() throws SQLException {
        store.inTransaction(tx -> {
            tx.putEntity(entity("tasks", "t1", null));
            return null;
        });

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = other.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM entity")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aNewFileHasTheSchemaVersionAndAWriteAheadLog() throws SQLException {
        store.close();

        assertThat(pragma("user_version")).isEqualTo(String.valueOf(SqliteSchema.VERSION));
        assertThat(SqliteSchema.VERSION).isPositive();
        assertThat(pragma("journal_mode")).isEqualTo("wal");
    }

    @Test
    void aFileWrittenByANewerSdkIsRefused() throws SQLException {
        store.close();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
        }

        assertThatThrownBy(() -> SqliteStore.open(file())).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("schema version " + (SqliteSchema.VERSION + 1));
    }

    @Test
    void aFileThatCannotBeCreatedFailsWithTheOperationNamed() {
        Path missing = dir.resolve("no-such-dir").resolve("store.db");

        assertThatThrownBy(() -> SqliteStore.open(missing)).isInstanceOf(LocalStoreException.class)
                .hasMessageContaining("cannot open the store");
    }

    @Test
    void aClosedStoreRefusesTransactionsAndClosingAgainIsHarmless() {
        store.close();

        assertThatThrownBy(() -> store.inTransaction(StoreTransaction::syncState))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        store.close();
    }

    @Test
    void aTransactionInsideATransactionIsRefusedAndTheOuterOneRollsBack() {
        assertThatThrownBy(() -> store.inTransaction(outer -> {
            outer.putEntity(entity("tasks", "t1", null));
            return store.inTransaction(inner -> inner.nextSeq());
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("nest");

        assertThat(storedEntity("tasks", "t1")).isEmpty();
    }

    @Test
    void aTransactionCannotBeUsedAfterItEnds() {
        AtomicReference<StoreTransaction> leaked = new AtomicReference<>();
        store.inTransaction(tx -> {
            leaked.set(tx);
            return null;
        });

        assertThatThrownBy(() -> leaked.get().entity("tasks", "t1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
    }

    private String pragma(String name) throws SQLException {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
