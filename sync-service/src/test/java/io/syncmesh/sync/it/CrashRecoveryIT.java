package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static io.syncmesh.sync.it.Envelopes.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Topics;

/**
 * Kills the packaged sync-service with SIGKILL in the middle of a stream of 10,000 changes, starts it again, and checks
 * that nothing was lost and nothing applied twice.
 */
class CrashRecoveryIT {

    private static final int ENTITIES = 1_000;
    private static final int UPDATES_PER_ENTITY = 9;

    @Test
    void killingTheServiceMidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        String tenant = Envelopes.uniqueTenant();
        Path log = Files.createTempFile("sync-service-crash", ".log");

        List<ChangeEnvelope> stream = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) {
            stream.add(create(tenant, "dev-" + (e % 10), "notes", "e" + e, fields("n", 0), 0));
        }
        for (int round = 1; round <= UPDATES_PER_ENTITY; round++) {
            for (int e = 0; e < ENTITIES; e++) {
                stream.add(update(tenant, "dev-" + (e % 10), "notes", "e" + e, round, fields("n", round), round));
            }
        }
        assertThat(stream).hasSize(10_000);

        try (MeshTopics topics = new MeshTopics(stack.bootstrapServers());
                QuarkusAppProcess service = MeshServices.syncService(stack, database, log).build()) {
            MeshTopics.Recorder results = topics.record(Topics.RESULTS);
            service.start();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                for (int from = 0; from < stream.size(); from += 100) {
                    topics.send(stream.subList(from, from + 100));
                }
            });

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> applied(database, tenant) >= 2_500);
            service.kill();
            long appliedAtKill = applied(database, tenant);
            assertThat(appliedAtKill).as("killed mid-stream").isLessThan(10_000);

            service.start();
            producing.get();
            await().atMost(Duration.ofMinutes(3)).until(() -> applied(database, tenant) == 10_000);

            try (Connection conn = database.connect(); Statement sql = conn.createStatement()) {
                assertThat(count(sql, "SELECT count(*) FROM sync.change_log WHERE tenant = '" + tenant + "'"))
                        .as("one change-log row per change").isEqualTo(10_000);
                assertThat(count(sql, "SELECT count(DISTINCT change_id) FROM sync.change_log WHERE tenant = '"
                        + tenant + "'")).isEqualTo(10_000);
                assertThat(count(sql, "SELECT count(*) FROM sync.entity WHERE tenant = '" + tenant
                        + "' AND version = " + (UPDATES_PER_ENTITY + 1) + " AND fields->>'n' = '" + UPDATES_PER_ENTITY
                        + "'")).as("every entity at its last version and value").isEqualTo(ENTITIES);
                assertThat(count(sql, "SELECT count(*) FROM sync.change_outcome WHERE tenant = '" + tenant
                        + "' AND status <> 'applied'")).isZero();
            }
            // Every change id got a receipt that says applied (first time or as a duplicate after the restart).
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                Set<String> answered = new HashSet<>();
                for (ResultEvent receipt : results.receipts(tenant)) {
                    assertThat(receipt.receipt().outcome()).isEqualTo(ReceiptStatus.APPLIED);
                    answered.add(receipt.receipt().changeId());
                }
                assertThat(answered).hasSize(10_000);
            });
        }
    }

    private static long applied(PostgresDatabase database, String tenant) throws Exception {
        try (Connection conn = database.connect(); Statement sql = conn.createStatement()) {
            return count(sql, "SELECT count(*) FROM sync.change_outcome WHERE tenant = '" + tenant + "'");
        } catch (java.sql.SQLException schemaNotYetMigrated) {
            return 0;
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
