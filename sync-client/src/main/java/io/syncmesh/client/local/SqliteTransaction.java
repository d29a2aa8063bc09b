package io.syncmesh.client.local;

import static io.syncmesh.client.local.SqliteRows.CHANGE_COLUMNS;
import static io.syncmesh.client.local.SqliteRows.ENTITY_COLUMNS;
import static io.syncmesh.client.local.SqliteRows.SYNC_STATE_COLUMNS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The reads and writes of one {@link SqliteStore} transaction, on the store's connection. It is usable only while its
 * transaction runs: the store ends it before committing or rolling back.
 */
final class SqliteTransaction implements StoreTransaction {

    /*
     * Lists are sorted here, not by ORDER BY: SQLite compares text as UTF-8 bytes, Java as UTF-16 units, and the two
     * orders differ for some characters. Every store must give the same order.
     */
    private static final Comparator<LocalEntity> BY_ID = Comparator.comparing(LocalEntity::id);
    private static final Comparator<LocalEntity> BY_COLLECTION_AND_ID = Comparator
            .comparing(LocalEntity::collection).thenComparing(BY_ID);

    private final Connection connection;
    private boolean open = true;

    SqliteTransaction(Connection connection) {
        this.connection = connection;
    }

    void end() {
        open = false;
    }

    @Override
    public Optional<LocalEntity> entity(String collection, String id) {
        return sql("read an entity", () -> {
            try (PreparedStatement select = prepare(
                    "SELECT " + ENTITY_COLUMNS + " FROM entity WHERE collection = ? AND id = ?")) {
                select.setString(1, collection);
                select.setString(2, id);
                return first(select, SqliteRows::entity);
            }
        });
    }

    @Override
    public void putEntity(LocalEntity entity) {
        sql("write an entity", () -> {
            try (PreparedStatement upsert = prepare("INSERT OR REPLACE INTO entity (" + ENTITY_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                SqliteRows.bindEntity(upsert, entity);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public List<LocalEntity> entities(String collection) {
        List<LocalEntity> entities = sql("read a collection", () -> {
            try (PreparedStatement select = prepare(
                    "SELECT " + ENTITY_COLUMNS + " FROM entity WHERE collection = ?")) {
                select.setString(1, collection);
                return all(select, SqliteRows::entity);
            }
        });
        entities.sort(BY_ID);
        return List.copyOf(entities);
    }

    @Override
    public List<LocalEntity> conflicted() {
        List<LocalEntity> entities = sql("read the conflicted entities", () -> {
            try (PreparedStatement select = prepare(
                    "SELECT " + ENTITY_COLUMNS + " FROM entity WHERE conflict_id IS NOT NULL")) {
                return all(select, SqliteRows::entity);
            }
        });
        entities.sort(BY_COLLECTION_AND_ID);
        return List.copyOf(entities);
    }

    @Override
    public long nextSeq() {
        return sql("draw a sequence number", () -> {
            try (PreparedStatement increment = prepare("UPDATE seq_counter SET last_seq = last_seq + 1 WHERE id = 1")) {
                increment.executeUpdate();
            }
            try (PreparedStatement select = prepare("SELECT last_seq FROM seq_counter WHERE id = 1")) {
                return first(select, row -> row.getLong(1)).orElseThrow();
            }
        });
    }

    @Override
    public void appendChange(OutboxChange change) {
        if (change(change.changeId()).isPresent()) {
            throw new IllegalStateException("change " + change.changeId() + " is already in the log");
        }
        sql("append a change", () -> {
            try (PreparedStatement insert = prepare(
                    "INSERT INTO change_log (" + CHANGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                SqliteRows.bindChange(insert, change);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void updateChange(OutboxChange change) {
        int updated = sql("update a change", () -> {
            // Replaces the whole row, as MemoryStore replaces the whole record; the change id finds it.
            try (PreparedStatement update = prepare("UPDATE change_log SET seq = ?, change_id = ?, collection = ?, "
                    + "entity_id = ?, change = ?, state = ?, attempts = ?, outcome = ?, code = ? WHERE change_id = ?")) {
                SqliteRows.bindChange(update, change);
                update.setString(10, change.changeId());
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new IllegalStateException("change " + change.changeId() + " is not in the log");
        }
    }

    @Override
    public Optional<OutboxChange> change(String changeId) {
        return sql("read a change", () -> {
            try (PreparedStatement select = prepare(
                    "SELECT " + CHANGE_COLUMNS + " FROM change_log WHERE change_id = ?")) {
                select.setString(1, changeId);
                return first(select, SqliteRows::change);
            }
        });
    }

    @Override
    public List<OutboxChange> unfinished() {
        return sql("read the open changes", () -> {
            try (PreparedStatement select = prepare(
                    "SELECT " + CHANGE_COLUMNS + " FROM change_log WHERE state <> 'FINAL' ORDER BY seq")) {
                return List.copyOf(all(select, SqliteRows::change));
            }
        });
    }

    @Override
    public List<OutboxChange> unfinished(String collection, String id) {
        return sql("read an entity's open changes", () -> {
            try (PreparedStatement select = prepare("SELECT " + CHANGE_COLUMNS + " FROM change_log "
                    + "WHERE collection = ? AND entity_id = ? AND state <> 'FINAL' ORDER BY seq")) {
                select.setString(1, collection);
                select.setString(2, id);
                return List.copyOf(all(select, SqliteRows::change));
            }
        });
    }

    @Override
    public SyncState syncState() {
        return sql("read the sync state", () -> {
            try (PreparedStatement select = prepare("SELECT " + SYNC_STATE_COLUMNS + " FROM sync_state WHERE id = 1")) {
                return first(select, SqliteRows::syncState).orElseThrow();
            }
        });
    }

    @Override
    public void putSyncState(SyncState state) {
        sql("write the sync state", () -> {
            try (PreparedStatement update = prepare("UPDATE sync_state SET cursor = ?, last_success = ?, "
                    + "failures = ?, next_attempt_at = ? WHERE id = 1")) {
                SqliteRows.bindSyncState(update, state);
                return update.executeUpdate();
            }
        });
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        if (!open) {
            throw new IllegalStateException("the transaction has ended; use the one inTransaction passes");
        }
        return connection.prepareStatement(sql);
    }

    private interface Sql<T> {

        T run() throws SQLException;
    }

    private interface RowMapper<T> {

        T map(ResultSet row) throws SQLException;
    }

    private static <T> T sql(String operation, Sql<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new LocalStoreException("cannot " + operation, e);
        }
    }

    private static <T> Optional<T> first(PreparedStatement select, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }

    private static <T> List<T> all(PreparedStatement select, RowMapper<T> mapper) throws SQLException {
        List<T> result = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
        }
        return result;
    }
}
