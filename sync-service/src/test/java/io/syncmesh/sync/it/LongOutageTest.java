package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;

/**
 * A batch that cannot be applied for longer than a minute (here: the entity table locked, as during a long database
 * outage or a stuck migration) only waits: once the database answers again, it is applied and the consumer goes on with
 * the records behind it. SmallRye's throttled commit strategy closes the consumer for good when a record waits over a
 * minute for its acknowledgement, unless that check is off (ADR 0014).
 */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class LongOutageTest {

    /** Past SmallRye's default limit for a record waiting for its acknowledgement (60 s), checked every 5 s. */
    private static final Duration OUTAGE = Duration.ofSeconds(70);

    @Test
    void aBatchThatWaitsLongerThanAMinuteIsAppliedAndTheConsumerGoesOn() throws Exception {
        String tenant = Envelopes.uniqueTenant();
        try (MeshTopics topics = new MeshTopics(SyncMeshTestResource.bootstrapServers())) {
            ChangeEnvelope before = create(tenant, "dev-a", "notes", "before", fields("n", 1), 1);
            topics.send(before);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(tenant) == 1);

            ChangeEnvelope during = create(tenant, "dev-a", "notes", "during", fields("n", 2), 2);
            try (Connection lock = Db.connect(); Statement sql = lock.createStatement()) {
                lock.setAutoCommit(false);
                sql.execute("LOCK TABLE sync.entity IN ACCESS EXCLUSIVE MODE");
                topics.send(during);
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> outcomes(tenant) == 1);
                lock.rollback();
            }

            ChangeEnvelope after = create(tenant, "dev-a", "notes", "after", fields("n", 3), 3);
            topics.send(after);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(tenant) == 3);
            assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isEqualTo(3);
            assertThat(Db.scalar("SELECT count(*) FROM sync.change_outcome WHERE tenant = ? AND status = 'applied'",
                    tenant)).isEqualTo(3);
        }
    }

    private static long outcomes(String tenant) {
        return Db.scalar("SELECT count(*) FROM sync.change_outcome WHERE tenant = ?", tenant);
    }
}
