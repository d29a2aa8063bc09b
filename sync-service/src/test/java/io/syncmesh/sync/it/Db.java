package io.syncmesh.sync.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.syncmesh.devstack.SyncMeshTestResource;

/** Direct reads of the service's database, to check what was (not) written, and rows a test starts from. */
final class Db {

    private Db() {
    }

    static Connection connect() throws SQLException {
        return SyncMeshTestResource.database().connect();
    }

    /** The single long a query returns (counts, versions). */
    static long scalar(String sql, Object... params) {
        try (Connection conn = connect(); PreparedStatement statement = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entity row at version 1 with no fields, written directly (as a committed apply would leave it). */
    static void insertEntity(Connection conn, String tenant, String collection, String id, boolean deleted)
            throws SQLException {
        try (PreparedStatement entity = conn.prepareStatement("""
                INSERT INTO sync.entity (tenant, collection, entity_id, version, fields, field_meta, deleted,
                                         updated_at, updated_by, chain_device, chain_start)
                VALUES (?, ?, ?, 1, '{}', '{}', ?, now(), 'dev-x', 'dev-x', 1)""")) {
            entity.setString(1, tenant);
            entity.setString(2, collection);
            entity.setString(3, id);
            entity.setBoolean(4, deleted);
            entity.executeUpdate();
        }
    }

    static String text(String sql, Object... params) {
        try (Connection conn = connect(); PreparedStatement statement = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
