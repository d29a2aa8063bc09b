package io.syncmesh.client.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * A durable store in one SQLite file, over JDBC. A transaction's writes are synced to disk before
 * {@link #inTransaction} returns (write-ahead log, {@code synchronous=FULL}), so a change the app saw as saved survives
 * a crash or power loss. One connection; transactions run one at a time.
 */
public final class SqliteStore implements LocalStore {

    private final Connection connection;
    private boolean closed;
    private boolean inTransaction;

    private SqliteStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens the store in {@code file}, creating the file and its tables, or migrating them, as needed. */
    public static SqliteStore open(Path file) {
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new LocalStoreException("cannot open the store at " + file, e);
        }
        try {
            try (Statement statement = connection.createStatement()) {
                // Journal settings apply outside a transaction only: before autocommit goes off.
                statement.execute("PRAGMA journal_mode = WAL");
                // FULL: a commit returns only once the log is synced; NORMAL may lose the last commits on power loss.
                statement.execute("PRAGMA synchronous = FULL");
                statement.execute("PRAGMA busy_timeout = 5000");
            }
            connection.setAutoCommit(false);
            SqliteSchema.migrate(connection);
            connection.commit();
            return new SqliteStore(connection);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailure(connection, e);
            if (e instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new LocalStoreException("cannot prepare the store at " + file, e);
        }
    }

    @Override
    public synchronized <T> T inTransaction(Function<StoreTransaction, T> work) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        if (inTransaction) {
            // The lock is reentrant: without this, an inner transaction would commit half of the outer one.
            throw new IllegalStateException("transactions do not nest; use the transaction you are in");
        }
        inTransaction = true;
        SqliteTransaction tx = new SqliteTransaction(connection);
        try {
            T result = runOrRollBack(tx, work);
            commit();
            return result;
        } finally {
            tx.end();
            inTransaction = false;
        }
    }

    private <T> T runOrRollBack(SqliteTransaction tx, Function<StoreTransaction, T> work) {
        try {
            return work.apply(tx);
        } catch (Throwable failure) {
            tx.end();
            rollBack(failure);
            throw failure;
        }
    }

    private void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            rollBack(e);
            throw new LocalStoreException("cannot commit a transaction", e);
        }
    }

    private void rollBack(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (inTransaction) {
            throw new IllegalStateException("cannot close the store inside one of its transactions");
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new LocalStoreException("cannot close the store", e);
        }
    }

    private static void closeAfterFailure(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
