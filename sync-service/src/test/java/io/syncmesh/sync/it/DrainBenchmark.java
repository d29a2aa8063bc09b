package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static io.syncmesh.sync.it.Envelopes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.sync.apply.JsonColumns;

/**
 * Not part of the test run (the name matches neither *Test nor *IT). Run with
 * {@code ./mvnw -pl sync-service verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DrainBenchmark}.
 * Measures how fast the packaged sync-service drains 100,000 changes already waiting in sync.changes, against a plain
 * JDBC batched insert of the same entity rows into the same PostgreSQL, in the same run.
 */
class DrainBenchmark {

    private static final int ENTITIES = 50_000;
    private static final int CHANGES = 100_000;

    @Test
    void drainHundredThousandChanges() throws Exception {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        String tenant = Envelopes.uniqueTenant();
        List<ChangeEnvelope> changes = new ArrayList<>(CHANGES);
        for (int e = 0; e < ENTITIES; e++) {
            changes.add(create(tenant, "dev-" + (e % 100), "notes", "e" + e,
                    fields("title", "note " + e, "body", "x".repeat(200), "n", 0), 0));
        }
        for (int e = 0; e < CHANGES - ENTITIES; e++) {
            changes.add(update(tenant, "dev-" + (e % 100), "notes", "e" + e, 1, fields("n", 1), 1));
        }
        try (MeshTopics topics = new MeshTopics(stack.bootstrapServers())) {
            for (int from = 0; from < changes.size(); from += 1000) {
                topics.send(changes.subList(from, from + 1000));
            }
        }
        Path log = Files.createTempFile("sync-service-bench", ".log");
        double serviceRate;
        try (QuarkusAppProcess service = MeshServices.syncService(stack, database, log).build()) {
            service.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(database, "SELECT count(*) FROM sync.change_outcome") == CHANGES);
            double seconds = seconds(database,
                    "SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) FROM sync.change_outcome");
            serviceRate = CHANGES / seconds;
        }
        assertThat(count(database, "SELECT count(*) FROM sync.entity WHERE version = 2")).isEqualTo(ENTITIES);

        double[] raw = rawJdbcInserts(database, changes);
        String report = String.format(java.util.Locale.ROOT,
                "{\"changes\":%d,\"serviceAppliedPerSecond\":%.0f,\"rawJdbcEntityRowsPerSecond\":%.0f,"
                        + "\"rawJdbcAllRowsChangesPerSecond\":%.0f,\"ratioToEntityRows\":%.3f,"
                        + "\"ratioToAllRows\":%.3f}",
                CHANGES, serviceRate, raw[0], raw[1], serviceRate / raw[0], serviceRate / raw[1]);
        Path out = Path.of("target", "bench", "drain.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("DRAIN BENCHMARK " + report);
    }

    /**
     * The raw baselines, plain JDBC in batches of 1,000 with one commit per batch: the entity rows alone, and every row
     * the service writes per change (entity, history, change log, outcome). Neither checks or decides anything.
     */
    private static double[] rawJdbcInserts(PostgresDatabase database, List<ChangeEnvelope> changes) throws Exception {
        try (Connection conn = database.connect()) {
            try (Statement ddl = conn.createStatement()) {
                for (String table : List.of("entity", "entity_history", "change_log", "change_outcome")) {
                    ddl.execute("CREATE TABLE raw_" + table + " (LIKE sync." + table + " INCLUDING ALL)");
                    ddl.execute("CREATE TABLE raw2_" + table + " (LIKE sync." + table + " INCLUDING ALL)");
                }
            }
            conn.setAutoCommit(false);
            double entityOnly = timed(changes, conn, List.of(entityInsert(conn, "raw_entity")));
            double allRows = timed(changes, conn, List.of(entityInsert(conn, "raw2_entity"),
                    conn.prepareStatement("""
                            INSERT INTO raw2_entity_history (tenant, collection, entity_id, version, fields, field_meta,
                                                             deleted, written_at, written_by)
                            VALUES (?, ?, ?, 1, ?::jsonb, '{}'::jsonb, false, now(), ?)"""),
                    conn.prepareStatement("""
                            INSERT INTO raw2_change_log (tenant, collection, entity_id, version, change_id, device)
                            VALUES (?, ?, ?, 1, ?, ?)"""),
                    conn.prepareStatement("""
                            INSERT INTO raw2_change_outcome (tenant, change_id, device, collection, entity_id, status,
                                                             attempt, version)
                            VALUES (?, ?, ?, ?, ?, 'applied', 0, 1)""")));
            return new double[]{entityOnly, allRows};
        }
    }

    private static PreparedStatement entityInsert(Connection conn, String table) throws java.sql.SQLException {
        return conn.prepareStatement("INSERT INTO " + table + """
                 (tenant, collection, entity_id, version, fields, field_meta, deleted, updated_at, updated_by,
                  chain_device, chain_start)
                VALUES (?, ?, ?, 1, ?::jsonb, '{}'::jsonb, false, now(), ?, ?, 1)""");
    }

    /** Changes per second when each change adds one row through each statement (bound by the statement's shape). */
    private static double timed(List<ChangeEnvelope> changes, Connection conn, List<PreparedStatement> statements)
            throws Exception {
        long start = System.nanoTime();
        int n = 0;
        for (ChangeEnvelope envelope : changes) {
            // Every row is unique per change: the change id stands in for the entity id.
            String id = envelope.change().changeId();
            String fields = JsonColumns.write(envelope.change().fields());
            for (int s = 0; s < statements.size(); s++) {
                bind(statements.get(s), s, envelope, id, fields);
                statements.get(s).addBatch();
            }
            if (++n % 1000 == 0) {
                for (PreparedStatement statement : statements) {
                    statement.executeBatch();
                }
                conn.commit();
            }
        }
        for (PreparedStatement statement : statements) {
            statement.executeBatch();
            statement.close();
        }
        conn.commit();
        return changes.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void bind(PreparedStatement statement, int which, ChangeEnvelope envelope, String id,
            String fields) throws java.sql.SQLException {
        String tenant = envelope.tenant();
        String collection = envelope.change().collection();
        String device = envelope.device();
        switch (which) {
            case 0 -> {
                statement.setString(1, tenant);
                statement.setString(2, collection);
                statement.setString(3, id);
                statement.setString(4, fields);
                statement.setString(5, device);
                statement.setString(6, device);
            }
            case 1 -> {
                statement.setString(1, tenant);
                statement.setString(2, collection);
                statement.setString(3, id);
                statement.setString(4, fields);
                statement.setString(5, device);
            }
            case 2 -> {
                statement.setString(1, tenant);
                statement.setString(2, collection);
                statement.setString(3, id);
                statement.setString(4, id);
                statement.setString(5, device);
            }
            default -> {
                statement.setString(1, tenant);
                statement.setString(2, id);
                statement.setString(3, device);
                statement.setString(4, collection);
                statement.setString(5, id);
            }
        }
    }

    private static long count(PostgresDatabase database, String sql) throws Exception {
        try {
            return (long) number(database, sql);
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }

    private static double seconds(PostgresDatabase database, String sql) throws Exception {
        return number(database, sql);
    }

    private static double number(PostgresDatabase database, String sql) throws Exception {
        try (Connection conn = database.connect();
                Statement st = conn.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getDouble(1);
        }
    }
}
