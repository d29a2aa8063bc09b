package io.syncmesh.client.local;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.SyncJson;

/**
 * Rows of a {@link SqliteStore} to records and back: field maps, dirty fields and changes as JSON text, instants as
 * ISO-8601 text, booleans as 0/1, the receipt outcome by its wire name.
 */
final class SqliteRows {

    static final String ENTITY_COLUMNS = "collection, id, server_version, server_fields, server_deleted, fields, "
            + "deleted, dirty_fields, pending, conflict_id";
    static final String CHANGE_COLUMNS = "seq, change_id, collection, entity_id, change, state, attempts, outcome, code";
    static final String SYNC_STATE_COLUMNS = "cursor, last_success, failures, next_attempt_at";

    private static final TypeReference<Map<String, JsonNode>> FIELDS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private SqliteRows() {
    }

    /** Binds an entity to the parameters 1..10, in the order of {@link #ENTITY_COLUMNS}. */
    static void bindEntity(PreparedStatement statement, LocalEntity entity) throws SQLException {
        statement.setString(1, entity.collection());
        statement.setString(2, entity.id());
        statement.setLong(3, entity.serverVersion());
        statement.setString(4, SyncJson.write(entity.serverFields()));
        statement.setInt(5, entity.serverDeleted() ? 1 : 0);
        statement.setString(6, SyncJson.write(entity.fields()));
        statement.setInt(7, entity.deleted() ? 1 : 0);
        statement.setString(8, SyncJson.write(entity.dirtyFields()));
        statement.setInt(9, entity.pending() ? 1 : 0);
        statement.setString(10, entity.conflictId());
    }

    /** The entity of the current row, selected with {@link #ENTITY_COLUMNS}. */
    static LocalEntity entity(ResultSet row) throws SQLException {
        return new LocalEntity(row.getString(1), row.getString(2), row.getLong(3),
                SyncJson.read(row.getString(4), FIELDS), row.getInt(5) != 0, SyncJson.read(row.getString(6), FIELDS),
                row.getInt(7) != 0, Set.copyOf(SyncJson.read(row.getString(8), NAMES)), row.getInt(9) != 0,
                row.getString(10));
    }

    /** Binds a change to the parameters 1..9, in the order of {@link #CHANGE_COLUMNS}. */
    static void bindChange(PreparedStatement statement, OutboxChange change) throws SQLException {
        statement.setLong(1, change.seq());
        statement.setString(2, change.changeId());
        statement.setString(3, change.change().collection());
        statement.setString(4, change.change().entityId());
        statement.setString(5, SyncJson.write(change.change()));
        statement.setString(6, change.state().name());
        statement.setInt(7, change.attempts());
        statement.setString(8, change.outcome() == null ? null : change.outcome().wire());
        statement.setString(9, change.code());
    }

    /** The change of the current row, selected with {@link #CHANGE_COLUMNS}. */
    static OutboxChange change(ResultSet row) throws SQLException {
        String outcome = row.getString(8);
        return new OutboxChange(row.getLong(1), SyncJson.read(row.getString(5), Change.class),
                OutboxChange.State.valueOf(row.getString(6)), row.getInt(7),
                outcome == null ? null : ReceiptStatus.fromWire(outcome), row.getString(9));
    }

    /** Binds a sync state to the parameters 1..4, in the order of {@link #SYNC_STATE_COLUMNS}. */
    static void bindSyncState(PreparedStatement statement, SyncState state) throws SQLException {
        statement.setString(1, state.cursor());
        setInstant(statement, 2, state.lastSuccess());
        statement.setInt(3, state.failures());
        setInstant(statement, 4, state.nextAttemptAt());
    }

    /** The sync state of the current row, selected with {@link #SYNC_STATE_COLUMNS}. */
    static SyncState syncState(ResultSet row) throws SQLException {
        return new SyncState(row.getString(1), instant(row.getString(2)), row.getInt(3), instant(row.getString(4)));
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value.toString());
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
