package io.syncmesh.fleet.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The raw baseline of R1: the same changes applied with plain JDBC on the same PostgreSQL, one transaction and one
 * statement per batch, with the guarantees the sync-service gives: a change id is recorded once per tenant (a replay
 * writes nothing), an entity is written only on the version it was based on, and each applied change leaves its history
 * row and its change-log row (what pull reads). Its tables are in a schema of its own, {@code bench_raw}.
 */
public final class RawJdbcApply {

    private static final String SCHEMA = "bench_raw";

    /**
     * Every step is a (data-modifying) CTE of one statement, so a batch is a single round trip: skip change ids already
     * recorded, write each entity only on the version the change expects (a create expects none), log history and
     * change log for what was written, and record every new change id's outcome, applied or rejected. A batch holds
     * each entity at most once (the workloads make unique entity ids).
     */
    private static final String APPLY = """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::jsonb[]) AS i(change_id, entity_id, fields)
            ), fresh AS (
                SELECT input.* FROM input WHERE NOT EXISTS (SELECT 1 FROM bench_raw.change_outcome o
                    WHERE o.tenant = ? AND o.change_id = input.change_id)
            ), applied AS (
                INSERT INTO bench_raw.entity (tenant, collection, entity_id, version, fields, updated_at, updated_by)
                SELECT ?, 'notes', entity_id, 1, fields, now(), ? FROM fresh
                ON CONFLICT (tenant, collection, entity_id) DO UPDATE
                    SET version = bench_raw.entity.version + 1, fields = bench_raw.entity.fields || excluded.fields,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by
                    WHERE bench_raw.entity.version = excluded.version - 1
                RETURNING tenant, collection, entity_id, version, fields, updated_by
            ), history AS (
                INSERT INTO bench_raw.entity_history (tenant, collection, entity_id, version, fields, written_at,
                    written_by)
                SELECT tenant, collection, entity_id, version, fields, now(), updated_by FROM applied
            ), logged AS (
                INSERT INTO bench_raw.change_log (tenant, collection, entity_id, version, change_id, device)
                SELECT applied.tenant, applied.collection, applied.entity_id, applied.version, fresh.change_id,
                    applied.updated_by
                FROM applied JOIN fresh USING (entity_id)
            )
            INSERT INTO bench_raw.change_outcome (tenant, change_id, device, collection, entity_id, status, version)
            SELECT ?, fresh.change_id, ?, 'notes', fresh.entity_id,
                CASE WHEN applied.entity_id IS NULL THEN 'rejected' ELSE 'applied' END, applied.version
            FROM fresh LEFT JOIN applied USING (entity_id)
            ON CONFLICT (tenant, change_id) DO NOTHING
            """;

    private RawJdbcApply() {
    }

    /** Creates (or empties) the baseline's tables, shaped and indexed like the sync-service's. */
    public static void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            statement.execute("CREATE SCHEMA " + SCHEMA);
            statement.execute("CREATE SEQUENCE bench_raw.position_seq");
            statement.execute("""
                    CREATE TABLE bench_raw.entity (tenant text NOT NULL, collection text NOT NULL,
                        entity_id text NOT NULL, version bigint NOT NULL, fields jsonb NOT NULL,
                        updated_at timestamptz NOT NULL, updated_by text NOT NULL,
                        PRIMARY KEY (tenant, collection, entity_id))""");
            statement.execute("""
                    CREATE TABLE bench_raw.entity_history (tenant text NOT NULL, collection text NOT NULL,
                        entity_id text NOT NULL, version bigint NOT NULL, fields jsonb NOT NULL,
                        written_at timestamptz NOT NULL, written_by text NOT NULL,
                        PRIMARY KEY (tenant, collection, entity_id, version))""");
            statement.execute("""
                    CREATE TABLE bench_raw.change_log (tenant text NOT NULL, collection text NOT NULL,
                        entity_id text NOT NULL, version bigint NOT NULL, change_id text NOT NULL,
                        device text NOT NULL, written_at timestamptz NOT NULL DEFAULT now(),
                        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                        seq bigint NOT NULL DEFAULT nextval('bench_raw.position_seq'),
                        PRIMARY KEY (tenant, txid, seq))""");
            statement.execute("""
                    CREATE TABLE bench_raw.change_outcome (tenant text NOT NULL, change_id text NOT NULL,
                        device text NOT NULL, collection text NOT NULL, entity_id text NOT NULL,
                        status text NOT NULL, version bigint,
                        recorded_at timestamptz NOT NULL DEFAULT now(),
                        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                        seq bigint NOT NULL DEFAULT nextval('bench_raw.position_seq'),
                        PRIMARY KEY (tenant, change_id))""");
            statement.execute("CREATE INDEX ON bench_raw.change_outcome (tenant, device, txid, seq)");
        }
    }

    /** Applies the workload's batches in order, one committed transaction each, and returns the time it took. */
    public static Duration apply(Connection connection, Workload workload) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(APPLY)) {
            for (Workload.Batch send : workload.sends()) {
                List<BenchChange> batch = send.changes();
                if (!batch.stream().allMatch(BenchChange::isCreate)) {
                    throw new IllegalArgumentException("the raw apply takes creates only");
                }
                statement.setArray(1, array(connection, batch.stream().map(BenchChange::changeId).toList()));
                statement.setArray(2, array(connection, batch.stream().map(BenchChange::entityId).toList()));
                statement.setArray(3, array(connection, batch.stream()
                        .map(change -> "{\"" + change.field() + "\":\"" + change.value() + "\"}").toList()));
                statement.setString(4, workload.tenant());
                statement.setString(5, workload.tenant());
                statement.setString(6, send.device());
                statement.setString(7, workload.tenant());
                statement.setString(8, send.device());
                statement.executeUpdate();
                connection.commit();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The tenant's applied outcomes, entities and change-log rows, in that order (for the checks of a round). */
    public static long[] counts(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT (SELECT count(*) FROM bench_raw.change_outcome WHERE tenant = ? AND status = 'applied'),
                       (SELECT count(*) FROM bench_raw.entity WHERE tenant = ?),
                       (SELECT count(*) FROM bench_raw.change_log WHERE tenant = ?)""")) {
            statement.setString(1, tenant);
            statement.setString(2, tenant);
            statement.setString(3, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[]{rows.getLong(1), rows.getLong(2), rows.getLong(3)};
            }
        }
    }

    private static Array array(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
