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
import io.syncmesh.devstack.PostgresDatabase;
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
        try (ServiceProcess service = new ServiceProcess(stack.bootstrapServers(), database, log)) {
            service.start();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count(database, "SELECT count(*) FROM sync.change_outcome") == CHANGES);
            double seconds = seconds(database,
                    "SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) FROM sync.change_outcome");
            serviceRate = CHANGES / seconds;
        }
        assertThat(count(database, "SELECT count(*) FROM sync.entity WHERE version = 2")).isEqualTo(ENTITIES);

        double rawRate = rawJdbcInsert(database, changes);
        String report = String.format(java.util.Locale.ROOT,
                "{\"changes\":%d,\"serviceAppliedPerSecond\":%.0f,\"rawJdbcRowsPerSecond\":%.0f,\"ratio\":%.3f}",
                CHANGES, serviceRate, rawRate, serviceRate / rawRate);
        Path out = Path.of("target", "bench", "drain.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("DRAIN BENCHMARK " + report);
    }

    /** The raw baseline: the same rows, plain JDBC, batches of 1,000, one commit per batch. */
    private static double rawJdbcInsert(PostgresDatabase database, List<ChangeEnvelope> changes) throws Exception {
        try (Connection conn = database.connect()) {
            try (Statement ddl = conn.createStatement()) {
                ddl.execute("CREATE TABLE raw_entity (LIKE sync.entity INCLUDING ALL)");
            }
            conn.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = conn.prepareStatement("""
                    INSERT INTO raw_entity (tenant, collection, entity_id, version, fields, field_meta, deleted,
                                            updated_at, updated_by, chain_device, chain_start)
                    VALUES (?, ?, ?, 1, ?::jsonb, '{}'::jsonb, false, now(), ?, ?, 1)""")) {
                int n = 0;
                for (ChangeEnvelope envelope : changes) {
                    insert.setString(1, envelope.tenant());
                    insert.setString(2, envelope.change().collection());
                    insert.setString(3, envelope.change().changeId());
                    insert.setString(4, JsonColumns.write(envelope.change().fields()));
                    insert.setString(5, envelope.device());
                    insert.setString(6, envelope.device());
                    insert.addBatch();
                    if (++n % 1000 == 0) {
                        insert.executeBatch();
                        conn.commit();
                    }
                }
                insert.executeBatch();
                conn.commit();
            }
            return changes.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static long count(PostgresDatabase database, String sql) throws Exception {
        try (Connection conn = database.connect();
                Statement st = conn.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }

    private static double seconds(PostgresDatabase database, String sql) throws Exception {
        try (Connection conn = database.connect();
                Statement st = conn.createStatement();
                ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getDouble(1);
        }
    }
}
