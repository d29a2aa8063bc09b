package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.sync.apply.ApplyStore;
import io.syncmesh.sync.apply.ChangeInput;
import io.syncmesh.sync.apply.PlanningContext;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * An apply attempt that neither succeeds nor fails (as Vert.x' pool once left one after a PostgreSQL restart, ADR 0014)
 * does not stop its partition: past {@code sync.retry.attempt-timeout} it counts as a transient failure, the batch is
 * tried again and applied, and the records behind it follow.
 */
@QuarkusTest
@TestProfile(HungApplyAttemptTest.ShortAttempts.class)
@QuarkusTestResource(SyncMeshTestResource.class)
class HungApplyAttemptTest {

    /** A short bound, and the store below that hangs the first attempt of every batch holding a "hang-" entity. */
    public static class ShortAttempts implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sync.retry.attempt-timeout", "3S");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(HangingOnceStore.class);
        }
    }

    /** Hangs the first attempt to lock and load an entity whose id starts with {@code hang-}: it never answers. */
    @Alternative
    @ApplicationScoped
    public static class HangingOnceStore extends ApplyStore {

        private final Set<String> hungOnce = ConcurrentHashMap.newKeySet();

        @Override
        public Uni<PlanningContext> lockAndLoad(SqlConnection conn, List<ChangeInput> inputs,
                Collection<EntityKey> moreKeys) {
            for (ChangeInput input : inputs) {
                String entityId = input.envelope().change().entityId();
                if (entityId.startsWith("hang-") && hungOnce.add(entityId)) {
                    return Uni.createFrom().nothing();
                }
            }
            return super.lockAndLoad(conn, inputs, moreKeys);
        }
    }

    @Test
    void aHungAttemptIsTriedAgainAndThePartitionGoesOn() throws Exception {
        String tenant = Envelopes.uniqueTenant();
        try (MeshTopics topics = new MeshTopics(SyncMeshTestResource.bootstrapServers())) {
            topics.send(create(tenant, "dev-a", "notes", "hang-1", fields("n", 1), 1));
            topics.send(create(tenant, "dev-a", "notes", "after-1", fields("n", 2), 2));

            await().atMost(Duration.ofSeconds(60)).until(() -> Db.scalar(
                    "SELECT count(*) FROM sync.change_outcome WHERE tenant = ? AND status = 'applied'", tenant) == 2);
            assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isEqualTo(2);
            assertThat(Db.scalar("SELECT max(version) FROM sync.entity WHERE tenant = ? AND entity_id = 'hang-1'",
                    tenant)).isEqualTo(1);
        }
    }
}
