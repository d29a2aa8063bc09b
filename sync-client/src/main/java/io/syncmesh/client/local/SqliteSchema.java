package io.syncmesh.client.local;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of a {@link SqliteStore} and their migrations. The file's {@code PRAGMA user_version} is the schema
 * version: 0 is an empty file, and every later version is reached by running the migrations above the current one, in
 * one transaction.
 */
final class SqliteSchema {

    /** The schema version this SDK writes. */
    static final int VERSION = 1;

    /** Migration {@code i} takes a file from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
                    CREATE TABLE entity (
                        collection     TEXT    NOT NULL,
                        id             TEXT    NOT NULL,
                        server_version INTEGER NOT NULL,
                        server_fields  TEXT    NOT NULL,
                        server_deleted INTEGER NOT NULL,
                        fields         TEXT    NOT NULL,
                        deleted        INTEGER NOT NULL,
                        dirty_fields   TEXT    NOT NULL,
                        pending        INTEGER NOT NULL,
                        conflict_id    TEXT,
                        PRIMARY KEY (collection, id)
                    )""",
            "CREATE INDEX entity_conflicted ON entity (collection, id) WHERE conflict_id IS NOT NULL",
            // collection and entity_id repeat what the change JSON holds, so that an entity's open changes are found
            // by an index instead of by reading every change of the log.
            """
                    CREATE TABLE change_log (
                        seq       INTEGER PRIMARY KEY,
                        change_id TEXT    NOT NULL UNIQUE,
                        collection TEXT   NOT NULL,
                        entity_id TEXT    NOT NULL,
                        change    TEXT    NOT NULL,
                        state     TEXT    NOT NULL CHECK (state IN ('QUEUED', 'ACCEPTED', 'FINAL')),
                        attempts  INTEGER NOT NULL,
                        outcome   TEXT,
                        code      TEXT
                    )""",
            // The log only grows; these partial indexes keep the open changes cheap to find however long it gets.
            "CREATE INDEX change_log_open ON change_log (seq) WHERE state <> 'FINAL'",
            "CREATE INDEX change_log_open_by_entity ON change_log (collection, entity_id, seq) WHERE state <> 'FINAL'",
            """
                    CREATE TABLE sync_state (
                        id              INTEGER PRIMARY KEY CHECK (id = 1),
                        cursor          TEXT,
                        last_success    TEXT,
                        failures        INTEGER NOT NULL,
                        next_attempt_at TEXT
                    )""",
            "INSERT INTO sync_state (id, cursor, last_success, failures, next_attempt_at) VALUES (1, NULL, NULL, 0, NULL)",
            // A counter row rather than max(seq): a sequence number may be drawn without a change being appended, and
            // it must still never be drawn again.
            "CREATE TABLE seq_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL)",
            "INSERT INTO seq_counter (id, last_seq) VALUES (1, 0)"));

    private SqliteSchema() {
    }

    /**
     * Brings the file to {@link #VERSION}; the caller commits. A file written by a newer SDK is refused rather than
     * read with the wrong schema.
     */
    static void migrate(Connection connection) throws SQLException {
        int current = userVersion(connection);
        if (current > VERSION) {
            throw new LocalStoreException("the store has schema version " + current + ", newer than this SDK's "
                    + VERSION + "; it cannot be opened by this version");
        }
        try (Statement statement = connection.createStatement()) {
            for (int version = current; version < VERSION; version++) {
                for (String sql : MIGRATIONS.get(version)) {
                    statement.execute(sql);
                }
            }
            if (current < VERSION) {
                // user_version is in the file header, written within the same transaction as the tables.
                statement.execute("PRAGMA user_version = " + VERSION);
            }
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
