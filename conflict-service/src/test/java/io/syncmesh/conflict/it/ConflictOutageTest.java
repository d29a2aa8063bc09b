package io.syncmesh.conflict.it;

import static io.syncmesh.conflict.it.Events.T0;
import static io.syncmesh.conflict.it.Events.concurrentEdit;
import static io.syncmesh.conflict.it.Events.fields;
import static io.syncmesh.conflict.it.Events.snapshot;
import static io.syncmesh.conflict.it.Events.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Origin;
import io.syncmesh.protocol.Topics;

/**
 * A conflict event that cannot be answered for a long time (its table gone, as during a long database outage) only
 * waits: the consumer never gives up and fails its channel, which would stop every conflict for good outside
 * Kubernetes. Once the database answers again, the event is answered and the events behind it follow (ADR 0014).
 */
@QuarkusTest
@TestProfile(ConflictOutageTest.ShortAttempts.class)
@QuarkusTestResource(SyncMeshTestResource.class)
class ConflictOutageTest {

    /** Attempts bounded far below the outage, so that many of them fail while it lasts. */
    public static class ShortAttempts implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conflict.attempt-timeout", "2S");
        }
    }

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anEventThatWaitsThroughAnOutageIsAnsweredAndTheConsumerGoesOn() throws Exception {
        String tenant = Events.uniqueTenant();
        try (MeshTopics topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
                MeshTopics.Recorder changes = topics.record(Topics.CHANGES)) {
            ChangeEnvelope during = update(tenant, "dev-b", "notes", "n1", 1, fields("color", "red"),
                    T0.plusSeconds(5));
            try (Connection admin = SyncMeshTestResource.database().connect();
                    Statement sql = admin.createStatement()) {
                // Every attempt fails while the table is away, as every query fails while PostgreSQL is down.
                sql.execute("ALTER TABLE conflicts.answer RENAME TO answer_away");
                try {
                    topics.sendConflicts(concurrentEdit(during, snapshot(1, fields("color", "white"), "dev-a", T0),
                            snapshot(2, fields("title", "T2", "color", "white"), "dev-a", T0.plusSeconds(1))));
                    await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10))
                            .until(() -> answers(changes, tenant).isEmpty());
                } finally {
                    sql.execute("ALTER TABLE conflicts.answer_away RENAME TO answer");
                }
            }
            await().atMost(WAIT).until(() -> answers(changes, tenant).size() == 1);

            ChangeEnvelope after = update(tenant, "dev-b", "notes", "n2", 1, fields("color", "blue"),
                    T0.plusSeconds(6));
            topics.sendConflicts(concurrentEdit(after, snapshot(1, fields("color", "white"), "dev-a", T0),
                    snapshot(2, fields("title", "T2", "color", "white"), "dev-a", T0.plusSeconds(1))));
            List<ChangeEnvelope> answered = await().atMost(WAIT).until(() -> answers(changes, tenant),
                    list -> list.size() == 2);
            assertThat(answered).extracting(e -> e.change().changeId())
                    .containsExactly(during.change().changeId(), after.change().changeId());
        }
    }

    private static List<ChangeEnvelope> answers(MeshTopics.Recorder changes, String tenant) {
        return changes.changes(tenant).stream().filter(e -> e.origin() == Origin.MERGE).toList();
    }
}
